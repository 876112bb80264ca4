/**
 * Memory without `dispose()`: loops that drop their results, written as a
 * PyTorch user writes them, stay bounded (arena committed bytes and RSS, not
 * timing).
 */

import assert from "node:assert/strict";
import { embeddingForward, randn, setBackend, shutdownWorkers, tensor } from "../../mod.ts";
import { arena } from "../../src/memory/arena.ts";
import { MADE, RESULT, Storage } from "../../src/memory/storage.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { setSpillAfter } from "../../src/memory/_reclaim.ts";
import { WORKER_TEST } from "../_backends.ts";
import { assertBitwise } from "../_helpers.ts";

const MiB = 2 ** 20;
/** A 16 MiB lookup: 32,768 rows of 128 floats from a 50,000 × 128 table (lookup-nlp). */
const table = () => randn([50_000, 128], { seed: 1 });
const indices = () =>
  tensor(Int32Array.from({ length: 64 * 512 }, (_, i) => (i * 7919) % 50_000), {
    shape: [64, 512],
  });

/** Committed arena bytes may grow until the loop settles, then never past `limit`. */
function bound(limit: number, what: string): void {
  assert.ok(
    arena().byteLength <= limit,
    `${what}: the arena holds ${arena().byteLength / MiB} MiB (bound ${limit / MiB} MiB)`,
  );
  const rss = Deno.memoryUsage().rss;
  assert.ok(rss <= limit + 512 * MiB, `${what}: RSS is ${rss / MiB} MiB`);
}

for (const [executor, calls] of [["inline", 3000], ["workers", 300]] as const) {
  Deno.test({
    name: `${calls} lookups of 16 MiB without dispose() keep memory bounded (${executor})`,
    ...WORKER_TEST,
    async fn() {
      setBackend({ executor });
      try {
        const [W, x] = [table(), indices()];
        const want = W.dataSync()[(7919 % 50_000) * 128];
        // 3,000 × 16 MiB = 47 GiB allocated in all: without reclamation the 4 GiB arena
        // would be exhausted after 250 calls.
        for (let i = 0; i < calls; i++) {
          const out = await embeddingForward(W, x).data();
          assert.equal(out.length, 64 * 512 * 128);
          if (i % 100 === 99) {
            assert.equal(out[128], want);
            bound(1536 * MiB, `after ${i + 1} calls`);
          }
        }
      } finally {
        setBackend({});
        await shutdownWorkers();
      }
    },
  });
}

Deno.test("dataSync() loops get their memory back once the event loop turns", async () => {
  setBackend({ executor: "inline" });
  try {
    const [W, x] = [table(), indices()];
    // Finalizers run as event-loop tasks: a loop that never awaits cannot run them,
    // so this one yields once per 8 calls (128 MiB), as code doing any I/O does.
    for (let i = 0; i < 300; i++) {
      const view = embeddingForward(W, x).dataSync();
      assert.equal(view.length, 64 * 512 * 128);
      if (i % 8 === 7) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    bound(2048 * MiB, "after 300 dataSync() calls");
  } finally {
    setBackend({});
  }
});

Deno.test("600 dataSync() lookups of 16 MiB in a loop that never yields keep the arena bounded", () => {
  setBackend({ executor: "inline" });
  try {
    const [W, x] = [table(), indices()];
    const rows = W.dataSync().slice(0, 50_000 * 128);
    const live = arena().liveBytes;
    // No await, no dispose: no finalizer can run until the loop ends, so results past
    // 256 MiB allocated since the last turn are handed out from the JavaScript heap.
    // 600 x 16 MiB is more than twice the 4 GiB arena (without spilling, call 254 fails).
    for (let i = 0; i < 600; i++) {
      const out = embeddingForward(W, x).dataSync();
      assert.equal(out.length, 64 * 512 * 128);
      const j = (i * 131) % (64 * 512), k = (j * 7919) % 50_000;
      assertBitwise(out.subarray(j * 128, j * 128 + 128), rows.subarray(k * 128, k * 128 + 128));
      assert.ok(arena().liveBytes <= live + 320 * MiB, `live ${arena().liveBytes / MiB} MiB`);
      if (i % 200 === 199) bound(1536 * MiB, `after ${i + 1} calls`);
    }
  } finally {
    setBackend({});
  }
});

Deno.test("only results handed out and kept count towards spilling; disposed ones and tables do not", async () => {
  setBackend({ executor: "inline" });
  const before = setSpillAfter(40 * MiB);
  try {
    const [W, x] = [table(), indices()];
    await new Promise((resolve) => setTimeout(resolve, 0)); // a fresh turn
    const spilled = (t: ReturnType<typeof embeddingForward>) => {
      t.dataSync();
      return tensorInternals().nodeOf(t).storage!.spilled;
    };
    const big = randn([256, 65536], { seed: 2 }); // 64 MiB made in this job: not a result
    for (let i = 0; i < 10; i++) {
      const y = embeddingForward(W, x);
      assert.equal(spilled(y), false, `disposed result ${i}`);
      y.dispose();
    }
    const kept = [], flags = [];
    for (let i = 0; i < 3; i++) {
      kept.push(embeddingForward(W, x));
      flags.push(spilled(kept[i]));
    }
    assert.deepEqual(flags, [false, false, true]); // 16 + 16 MiB stay, 48 > 40
    assertBitwise(kept[2].dataSync(), kept[0].dataSync());
    big.dispose();
  } finally {
    setSpillAfter(before);
    setBackend({});
  }
});

/** A fresh turn of the event loop: every budget starts empty. */
const turn = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("Storage.make() puts a tensor on the heap once its budget is spent; stage() copies it in and back", () => {
  const before = setSpillAfter(-1);
  try {
    const live = arena().liveBytes;
    const s = Storage.make(4 * MiB, "test", MADE);
    assert.equal(s.spilled, true);
    assert.equal(s.freed, false);
    assert.equal(arena().liveBytes, live, "no arena block");
    const { buffer, offset } = s.region();
    assert.ok(!(buffer instanceof SharedArrayBuffer) && offset === 0);
    const f32 = new Float32Array(buffer, 0, MiB);
    assert.ok(f32.every((v) => v === 0), "born zeroed");
    for (let i = 0; i < f32.length; i++) f32[i] = i * 0.5 - 7;
    const want = f32.slice();
    // A run copies it in, and back when it wrote it.
    s.retain();
    const at = s.stage("test");
    const staged = new Float32Array(arena().heap.u8.buffer, at, MiB);
    assertBitwise(staged, want);
    staged[3] = 42;
    s.unstage(at, true);
    s.unretain();
    want[3] = 42;
    assertBitwise(f32, want);
    assert.equal(arena().liveBytes, live);
    // Outside a run, `ptr` brings it into the arena for good.
    const ptr = s.ptr;
    assert.equal(s.spilled, false);
    assertBitwise(new Float32Array(arena().heap.u8.buffer, ptr, MiB), want);
    assert.equal(arena().liveBytes, live + 4 * MiB);
    s.dispose();
    assert.equal(arena().liveBytes, live);
  } finally {
    setSpillAfter(before);
  }
});

Deno.test("Storage.make() counts arena tensors until disposed, admits the first of a turn, and never counts alloc()", async () => {
  const before = setSpillAfter(6 * MiB);
  try {
    await turn();
    const huge = Storage.make(8 * MiB, "test", MADE); // the first of a turn, over the budget
    const next = Storage.make(MiB, "test", MADE);
    const result = Storage.make(4 * MiB, "test", RESULT); // another budget
    const temp = Storage.alloc(16 * MiB, "test");
    assert.deepEqual([huge, next, result, temp].map((s) => s.spilled), [false, true, false, false]);
    huge.dispose();
    const [a, b] = [Storage.make(4 * MiB, "test", MADE), Storage.make(4 * MiB, "test", MADE)];
    assert.deepEqual([a.spilled, b.spilled], [false, true]);
    // Tiny tensors count their 64-byte slots: room for 10 more.
    setSpillAfter(4 * MiB + 640);
    const tiny = Array.from({ length: 40 }, () => Storage.make(4, "test", MADE));
    assert.equal(tiny.filter((s) => !s.spilled).length, 10);
    setSpillAfter(6 * MiB);
    for (const s of [next, result, temp, a, b, ...tiny]) s.dispose();
    await turn();
    assert.equal(Storage.make(MiB, "test", MADE).spilled, false, "a new turn, an empty budget");
  } finally {
    setSpillAfter(before);
  }
});

Deno.test("Storage.promoteIfDue() moves a heap value read again into the arena, unless a view or a run holds it", () => {
  const before = setSpillAfter(-1);
  const [s, t] = [Storage.make(MiB, "test", MADE), Storage.make(MiB, "test", MADE)];
  const live = arena().liveBytes;
  new Float32Array(s.region().buffer)[7] = 3.5;
  setSpillAfter(Infinity);
  try {
    s.retain();
    assert.equal(s.promoteIfDue("test"), false, "not read by a run yet");
    s.unstage(s.stage("test"), false);
    s.retain();
    assert.equal(s.promoteIfDue("test"), false, "another run uses it");
    s.unretain();
    setSpillAfter(-1);
    assert.equal(s.promoteIfDue("test"), false, "the budget of moves is spent");
    setSpillAfter(Infinity);
    const view = s.trackView(new Float32Array(s.region().buffer));
    assert.equal(s.promoteIfDue("test"), false, "a view over the heap buffer is alive");
    assert.equal(view[7], 3.5);
    assert.equal(s.spilled, true);
    assert.equal(arena().liveBytes, live);
  } finally {
    s.unretain();
    setSpillAfter(before);
  }
  t.retain();
  t.unstage(t.stage("test"), false);
  new Float32Array(t.region().buffer)[7] = 2.5;
  assert.equal(t.promoteIfDue("test"), true);
  assert.equal(t.spilled, false);
  assert.equal(arena().heap.f32[(t.ptr >> 2) + 7], 2.5);
  assert.equal(t.promoteIfDue("test"), false, "once");
  t.unretain();
  t.dispose();
  s.dispose();
  assert.equal(s.promoteIfDue("test"), false, "disposed");
});

Deno.test("Storage.dispose() of a heap storage drops its heap copy", () => {
  const before = setSpillAfter(-1);
  try {
    const live = arena().liveBytes;
    const s = Storage.make(MiB, "test", RESULT);
    assert.equal(s.spilled, true);
    s.dispose();
    assert.equal(s.freed && s.gone && !s.spilled, true);
    assert.equal(arena().liveBytes, live);
  } finally {
    setSpillAfter(before);
  }
});

Deno.test("Storage.dispose() returns a block at once and weighs nothing afterwards", () => {
  const live = arena().liveBytes;
  const s = Storage.alloc(8 * MiB, "test");
  assert.equal(arena().liveBytes, live + 8 * MiB);
  s.dispose();
  assert.equal(arena().liveBytes, live);
  assert.equal(s.freed, true);
  s.dispose(); // twice is harmless
  assert.equal(arena().liveBytes, live);
});
