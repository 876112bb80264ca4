/**
 * Memory without `dispose()`: loops that drop their results, written as a
 * PyTorch user writes them, stay bounded (arena committed bytes and RSS, not
 * timing).
 */

import assert from "node:assert/strict";
import { embeddingForward, randn, setBackend, shutdownWorkers, tensor } from "../../mod.ts";
import { arena } from "../../src/memory/arena.ts";
import { Storage } from "../../src/memory/storage.ts";
import { WORKER_TEST } from "../_backends.ts";

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
