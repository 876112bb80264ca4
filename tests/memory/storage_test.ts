/**
 * Memory without `dispose()`: loops that drop their results, written as a
 * PyTorch user writes them, stay bounded (arena committed bytes and RSS, not
 * timing).
 */

import assert from "node:assert/strict";
import { embeddingForward, randn, setBackend, shutdownWorkers, tensor } from "../../mod.ts";
import { arena } from "../../src/memory/arena.ts";
import { Storage } from "../../src/memory/storage.ts";
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

Deno.test("Storage.spillIfDue() moves a block to the heap and frees it; stage() copies it back", () => {
  const before = setSpillAfter(-1);
  try {
    const live = arena().liveBytes;
    const s = Storage.alloc(4 * MiB, "test");
    const f32 = new Float32Array(arena().heap.u8.buffer, s.ptr, MiB);
    for (let i = 0; i < f32.length; i++) f32[i] = i * 0.5 - 7;
    const want = f32.slice();
    assert.equal(s.spillIfDue(), true);
    assert.equal(s.spilled, true);
    assert.equal(s.freed, false);
    assert.equal(arena().liveBytes, live, "the arena block is freed at once");
    const { buffer, offset } = s.region();
    assert.ok(!(buffer instanceof SharedArrayBuffer) && offset === 0);
    assertBitwise(new Float32Array(buffer, 0, MiB), want);
    assert.equal(s.spillIfDue(), false, "a spilled storage does not spill again");
    // A run copies it in, and back when it wrote it.
    s.retain();
    const at = s.stage("test");
    const staged = new Float32Array(arena().heap.u8.buffer, at, MiB);
    assertBitwise(staged, want);
    staged[3] = 42;
    s.unstage(at, true);
    s.unretain();
    want[3] = 42;
    assertBitwise(new Float32Array(buffer, 0, MiB), want);
    assert.equal(arena().liveBytes, live);
    // Outside a run, `ptr` brings it back into the arena for good.
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

Deno.test("Storage.spillIfDue() leaves tiny, retained, disposed blocks and all blocks when not due", () => {
  const before = setSpillAfter(-1);
  try {
    const tiny = Storage.alloc(512, "test"), used = Storage.alloc(MiB, "test");
    const gone = Storage.alloc(MiB, "test");
    gone.dispose();
    used.retain();
    assert.equal(tiny.spillIfDue(), false);
    assert.equal(used.spillIfDue(), false);
    assert.equal(gone.spillIfDue(), false);
    used.unretain();
    setSpillAfter(Infinity);
    assert.equal(used.spillIfDue(), false);
    assert.equal(used.spilled || tiny.spilled || gone.spilled, false);
    used.dispose();
  } finally {
    setSpillAfter(before);
  }
});

Deno.test("Storage.dispose() of a spilled storage drops its heap copy", () => {
  const before = setSpillAfter(-1);
  try {
    const live = arena().liveBytes;
    const s = Storage.alloc(MiB, "test");
    assert.equal(s.spillIfDue(), true);
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
