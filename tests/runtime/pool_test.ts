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
import { runRange } from "../../src/runtime/executor.ts";
import { KernelFault } from "../../src/runtime/_fault.ts";

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

/** A `gather` launch over `n` positions in the arena: table rows `(j * 5) % V`, and a place to free it. */
function gatherLaunch(n: number) {
  const a = arena(), W = a.alloc(4 * V * D, "test"), idx = a.alloc(4 * n, "test");
  const out = a.alloc(4 * n * D, "test");
  for (let e = 0; e < V * D; e++) a.heap.f32[(W >>> 2) + e] = e + 0.5;
  for (let j = 0; j < n; j++) a.heap.i32[(idx >>> 2) + j] = (j * 5) % V;
  a.heap.f32.fill(-1, out >>> 2, (out >>> 2) + n * D);
  const row = (j: number) =>
    Array.from(a.heap.f32.subarray((out >>> 2) + j * D, (out >>> 2) + (j + 1) * D));
  const want = (j: number) => Array.from({ length: D }, (_, d) => ((j * 5) % V) * D + d + 0.5);
  const free = () => [[W, V * D], [idx, n], [out, n * D]].forEach(([p, k]) => a.free(p, 4 * k));
  return { args: [W, idx, out, V], row, want, free };
}

Deno.test({
  name:
    "Worker pool with workers: 2 runs the first share on the calling thread and the rest on one Worker",
  ...WORKER_TEST,
  fn: () =>
    withWorkers("wasm", async () => {
      const w = randn([V, D], { seed: 5 });
      const out = await embeddingForward(w, ids).data();
      setBackend({ kernels: "js", executor: "inline" });
      assert.deepEqual(Array.from(out), Array.from(await embeddingForward(w, ids).data()));
    }),
});

Deno.test({
  name:
    "Worker pool run() with a caller share: both shares written, failures raised after the Workers finish",
  ...WORKER_TEST,
  fn: () =>
    withWorkers("js", async () => {
      await embeddingForward(randn([V, D], { seed: 6 }), ids).data(); // starts the pool
      const pool = poolForTests()!, n = 40, ranges = [[0, 15], [15, n]] as const;
      const g = gatherLaunch(n);
      try {
        const calls: number[][] = [];
        const own = (start: number, end: number) => {
          calls.push([start, end]);
          return runRange("js", "gather", { D }, g.args, start, end);
        };
        await pool.run("js", "gather", { D }, g.args, ranges, own);
        assert.deepEqual(calls, [[0, 15]]);
        for (let j = 0; j < n; j++) assert.deepEqual(g.row(j), g.want(j), `position ${j}`);
        // The caller's share throws, or finds an index out of range: the Worker's share still completes first.
        const failing: [() => number, RegExp | typeof KernelFault][] = [
          [() => {
            throw new Error("caller failed");
          }, /^Error: caller failed$/],
          [() => 1, KernelFault],
        ];
        for (const [caller, error] of failing) {
          arena().heap.f32.fill(-1, g.args[2] >>> 2, (g.args[2] >>> 2) + n * D);
          await assert.rejects(pool.run("js", "gather", { D }, g.args, ranges, caller), error);
          for (let j = 15; j < n; j++) assert.deepEqual(g.row(j), g.want(j), `position ${j}`);
        }
        // The pool still runs launches afterwards.
        await pool.run("js", "gather", { D }, g.args, ranges, own);
        assert.deepEqual(g.row(0), g.want(0));
      } finally {
        g.free();
      }
    }),
});
