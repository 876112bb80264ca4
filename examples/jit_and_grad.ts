// A short tour of the functional API (no tutorial snippet; it complements S3 and S4 of
// docs/tutorials.md): `jit` a bag forward and replay it on new indices,
// the bag's gradients (dense, row-sparse, coalesced, per-sample weights), a jitted gradient,
// and the schedules the runtime prints.
//
// Checked below: a replay equals the eager call; a replay still rejects out-of-range indices;
// the dense gradient follows the documented rule (docs/semantics.md, Gradients); the sparse gradient's
// toDense() equals it; the per-sample-weight gradient is dot(gradOutput[bag], W[index]); a
// jitted gradient replays correctly.
//
// Run: deno run examples/jit_and_grad.ts

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingBagGrad,
  jit,
  randn,
  realize,
  RowSparseGrad,
  setDebugLevel,
  type Tensor,
  tensor,
} from "../mod.ts";

const V = 50, D = 4;
const weight = randn([V, D], { seed: 6 });
const W = await weight.toArray() as number[][];
const list = (a: ArrayLike<number>) => `[${Array.from(a).join(", ")}]`;
const close = (actual: number[][], expected: number[][], what: string) =>
  actual.forEach((row, k) =>
    row.forEach((x, d) => assert.ok(Math.abs(x - expected[k][d]) <= 1e-6, `${what}[${k}][${d}]`))
  );

// 1. jit: the first call with a new signature (shapes, dtypes, constants) traces, schedules and
// fuses; later calls replay the cached plan. Tensors and typed arrays are inputs; plain arrays
// and numbers would be constants baked into the trace.
const meanPool = jit((w: Tensor<"float32">, ids: Int32Array, offsets: Int32Array) =>
  embeddingBagForward(w, ids, { offsets, mode: "mean" })
);
console.log("jit(meanPool), first call: trace + schedule (setDebugLevel(2), on stderr)");
setDebugLevel(2);
const first = await meanPool(weight, new Int32Array([1, 2, 3, 4, 5]), new Int32Array([0, 2]));
setDebugLevel(0);
const ids = new Int32Array([7, 7, 9, 30, 49]), offsets = new Int32Array([0, 3]);
const replayed = await meanPool(weight, ids, offsets); // replay: no tracing, no scheduling
const eager = embeddingBagForward(weight, ids, { offsets, mode: "mean" });
assert.deepEqual(await replayed.toArray(), await eager.toArray());
console.log(`first call ${list(first.shape)}; replay on ${list([...ids])} equals the eager call ✓`);

// Index ranges are still checked on every replay, before anything runs.
await assert.rejects(
  meanPool(weight, new Int32Array([7, 7, 9, 30, 50]), offsets),
  (err: Error) => err instanceof RangeError && /indices\[4\] is 50/.test(err.message),
);
console.log("a replay with index 50 (V = 50) rejects with a RangeError ✓");

// 2. Gradients of the bag: dense. grad[k] += gradOutput[bag(j)] / count(bag) for every j.
const gradOutput = tensor([[1, 2, 3, 4], [10, 20, 30, 40]]);
const G = await gradOutput.toArray() as number[][];
const { weight: dense } = embeddingBagGrad(gradOutput, weight, ids, { offsets, mode: "mean" });
const expected = Array.from({ length: V }, () => new Array(D).fill(0));
const bagOf = [0, 0, 0, 1, 1], count = [3, 2];
ids.forEach((k, j) => G[bagOf[j]].forEach((g, d) => (expected[k][d] += g / count[bagOf[j]])));
const denseRows = await dense.toArray() as number[][];
close(denseRows, expected, "dense");
console.log(`\ndense gradient ${list(dense.shape)}, nonzero rows:`);
for (const k of [7, 9, 30, 49]) {
  console.log(`  row ${String(k).padStart(2)}: ${list(denseRows[k].map((x) => +x.toFixed(4)))}`);
}
console.log("  ✓ matches the rule (row 7 occurs twice in bag 0, so it gets 2/3 of gradOutput[0])");

// Row-sparse: PyTorch's layout (one entry per lookup) or coalesced (distinct rows, summed).
const sparse = embeddingBagGrad(gradOutput, weight, ids, { offsets, mode: "mean", sparse: true });
const coalesced = embeddingBagGrad(gradOutput, weight, ids, {
  offsets,
  mode: "mean",
  sparse: true,
  coalesce: true,
});
await realize(sparse.weight, coalesced.weight); // computed together, in one plan
const describe = async (g: RowSparseGrad) =>
  `indices ${list(await g.indices.data())}, values of shape ${list(g.values.shape)}`;
console.log(`sparse (one entry per lookup): ${await describe(sparse.weight)}`);
console.log(`coalesced (distinct rows):     ${await describe(coalesced.weight)}`);
assert.deepEqual(await sparse.weight.toDense().toArray(), denseRows);
assert.deepEqual(await coalesced.weight.toDense().toArray(), denseRows);
assert.deepEqual([...await coalesced.weight.indices.data()], [7, 9, 30, 49]);
console.log("  ✓ both densify to the dense gradient");

// Per-sample weights (mode "sum"): their gradient is dot(gradOutput[bag(j)], W[ids[j]]).
const psw = new Float32Array([0.5, 1, 2, -1, 3]);
const grads = embeddingBagGrad(gradOutput, weight, ids, {
  offsets,
  mode: "sum",
  perSampleWeights: psw,
});
const pswGrad = [...await grads.perSampleWeights!.data()];
const dots = [...ids].map((k, j) => G[bagOf[j]].reduce((s, g, d) => s + g * W[k][d], 0));
pswGrad.forEach((x, j) =>
  assert.ok(Math.abs(x - dots[j]) <= 1e-5 * Math.max(1, Math.abs(dots[j])))
);
console.log(
  `\nperSampleWeights gradient: ${list(pswGrad.map((x) => +x.toFixed(4)))} ✓ dot products`,
);

// 3. A jitted gradient, replayed on new indices: the coalesced sparse gradient of a sum bag.
const sparseGrad = jit((g: Tensor<"float32">, w: Tensor<"float32">, i: Int32Array, o: Int32Array) =>
  embeddingBagGrad(g, w, i, { offsets: o, mode: "sum", sparse: true, coalesce: true }).weight
);
console.log("\njit(sparseGrad), first call (setDebugLevel(2), on stderr):");
setDebugLevel(2);
await sparseGrad(gradOutput, weight, ids, offsets);
setDebugLevel(0);
const again = await sparseGrad(gradOutput, weight, new Int32Array([3, 3, 3, 3, 8]), offsets);
assert.ok(again instanceof RowSparseGrad);
assert.deepEqual([...await again.indices.data()], [3, 8]);
// Row 3: three times gradOutput[0] (bag 0) plus once gradOutput[1] (bag 1); row 8: gradOutput[1].
assert.deepEqual(await again.values.toArray(), [[13, 26, 39, 52], [10, 20, 30, 40]]);
console.log(`replay on [3, 3, 3, 3, 8]: ${await describe(again)} ✓\nvalues = ${again.values}`);
