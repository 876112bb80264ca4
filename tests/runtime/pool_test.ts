/**
 * The Worker pool: failures reject clearly, leave tables as they were, and
 * the pool recovers for the next call.
 */

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingForward,
  randn,
  setBackend,
  shutdownWorkers,
  tensor,
} from "../../mod.ts";
import { poolForTests } from "../../src/runtime/backend.ts";
import { snapshot } from "../_helpers.ts";
import { type Tensor, tensorInternals } from "../../src/tensor/tensor.ts";
import { arena } from "../../src/memory/arena.ts";

/** The table's stored values, without running pending lazy work on it. */
function stored(t: Tensor): number[] {
  let node = tensorInternals().nodeOf(t);
  while (node.storage === undefined) node = node.inputs[node.aliases];
  return Array.from(new Float32Array(arena().heap.u8.buffer, node.storage.ptr, t.size));
}
import { refRenorm } from "../_reference.ts";
import { WORKER_TEST } from "../_backends.ts";

const V = 64, D = 17;
const ids = Int32Array.from({ length: 200 }, (_, i) => (i * 37) % V);

async function withWorkers(kernels: "js" | "wasm", body: () => Promise<void>) {
  setBackend({ kernels, executor: "workers", workers: 2, inlineBelow: 0 });
  try {
    await body();
  } finally {
    setBackend({});
    await shutdownWorkers();
  }
}

for (const kernels of ["js", "wasm"] as const) {
  for (
    const [fault, pattern] of [[1, /renorm failed on Worker 0: injected fault/], [
      2,
      /renorm: a Worker died while running it/,
    ]] as const
  ) {
    Deno.test({
      name: `Worker pool (${kernels}) rejects a ${
        fault === 1 ? "failing kernel" : "dying Worker"
      }, restores the table and recovers`,
      ...WORKER_TEST,
      fn: () =>
        withWorkers(kernels, async () => {
          const w = randn([V, D], { seed: 3, std: 2 });
          // Warm the pool up, so the fault hits a running pool.
          await embeddingForward(w, ids).data();
          const before = snapshot(w);
          poolForTests()!.injectFault(fault);
          const out = embeddingForward(w, ids, { maxNorm: 1 });
          await assert.rejects(out.data(), pattern);
          assert.deepEqual(stored(w), before, "a failed renormalisation left the table changed");
          // The next call works: the pending renormalisation runs now.
          const expected = refRenorm(before, D, Array.from(ids), 1);
          const got = await out.data();
          for (let j = 0; j < ids.length; j++) {
            assert.deepEqual(
              Array.from(got.subarray(j * D, (j + 1) * D)),
              Array.from(expected.slice(ids[j] * D, (ids[j] + 1) * D)),
            );
          }
        }),
    });
  }
}

Deno.test({
  name: "Worker pool splits bags across Workers balanced by index count",
  ...WORKER_TEST,
  fn: () =>
    withWorkers("wasm", async () => {
      // One huge bag then many small ones: a split by bag count would starve one Worker.
      const lengths = [500, ...Array(100).fill(5)];
      const offsets = Int32Array.from(
        lengths.reduce((acc: number[], n) => [...acc, acc[acc.length - 1] + n], [0]).slice(0, -1),
      );
      const all = Int32Array.from({ length: 1000 }, (_, i) => (i * 13) % V);
      const w = randn([V, D], { seed: 4 });
      const out = await embeddingBagForward(w, all, { offsets, mode: "sum" }).data();
      setBackend({ kernels: "js", executor: "inline" });
      const ref = await embeddingBagForward(w, all, { offsets, mode: "sum" }).data();
      assert.deepEqual(Array.from(out), Array.from(ref));
    }),
});

Deno.test({
  name: "Worker pool survives shutdown and restart between calls",
  ...WORKER_TEST,
  fn: () =>
    withWorkers("js", async () => {
      const w = tensor([[1, 2], [3, 4], [5, 6]]);
      for (let i = 0; i < 5; i++) {
        assert.deepEqual(await embeddingForward(w, [2, 0]).toArray(), [[5, 6], [1, 2]]);
        await shutdownWorkers();
      }
    }),
});
