/** Tests of the `Embedding` module: construction, fromPretrained, forward, grad, masks, repr and inputLength. */

import assert from "node:assert/strict";
import { Embedding, RowSparseGrad, sum, tensor } from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean, rng } from "../_helpers.ts";
import { ints, refGather, refLookupGrad, refRenorm, uniforms } from "../_reference.ts";

Deno.test("Embedding() owns a [V, D] table and zeroes the padding row", () => {
  const e = new Embedding(6, 4, { paddingIdx: -2, seed: 0 });
  assert.deepEqual([e.numEmbeddings, e.embeddingDim, e.paddingIdx, e.weight.shape], [6, 4, 4, [
    6,
    4,
  ]]);
  const w = e.weight.dataSync();
  assertBitwise(w.subarray(16, 20), [0, 0, 0, 0]);
  assert.ok(w.subarray(0, 16).every((x) => x !== 0));
  assert.deepEqual(
    [e.maxNorm, e.normType, e.scaleGradByFreq, e.sparse, e.maskZero, e.requiresGrad],
    [null, 2, false, false, false, true],
  );
  assert.deepEqual(e.parameters(), [e.weight]);
  assert.deepEqual(e.namedParameters(), [["weight", e.weight]]);
});

Deno.test("Embedding.fromPretrained() uses the table as is and freezes it by default", () => {
  const table = tensor([[1, 2], [3, 4], [5, 6]]);
  const e = Embedding.fromPretrained(table, { paddingIdx: 1 });
  assert.equal(e.weight, table, "shared, not copied");
  assertBitwise(e.weight.dataSync(), [1, 2, 3, 4, 5, 6], "the padding row is not zeroed");
  assertBitwise(e.forward([1]).dataSync(), [3, 4]);
  assert.deepEqual([e.requiresGrad, e.parameters()], [false, []]);
  assert.deepEqual(e.namedParameters(), [["weight", table]]);
  const trainable = Embedding.fromPretrained([[1, 2.5]], { freeze: false });
  assert.deepEqual([trainable.requiresGrad, trainable.parameters().length], [true, 1]);
  assertBitwise(trainable.weight.dataSync(), [1, 2.5]);
  const given = new Embedding(2, 2, { weight: [[7, 8], [9, 10]], paddingIdx: 0 });
  assertBitwise(given.weight.dataSync(), [7, 8, 9, 10], "a weight option is not zeroed either");
});

Deno.test("Embedding.forward() copies rows and applies the module's maxNorm in place", () => {
  const r = rng(1);
  const values = Float32Array.from(uniforms(r, 10 * 3, -2, 2));
  const e = Embedding.fromPretrained(tensor(values, { shape: [10, 3] }), {
    maxNorm: 1,
    normType: 1,
  });
  const ids = [[4, 9, 4], [0, 2, 9]];
  const out = e.forward(ids);
  assert.deepEqual(out.shape, [2, 3, 3]);
  const want = refRenorm(values, 3, ids.flat(), 1, 1);
  assertAllClose(out.dataSync(), refGather(want, ids.flat(), 3), { rtol: 1e-6 });
  assertAllClose(e.weight.dataSync(), want, { rtol: 1e-6 });
  const plain = Embedding.fromPretrained(tensor(values, { shape: [10, 3] }));
  assertBitwise(plain.forward(7).dataSync(), values.subarray(21, 24));
});

Deno.test("Embedding.grad() follows the module's padding, frequency and sparse options", () => {
  const r = rng(2);
  const V = 7, D = 2, idx = ints(r, 12, V);
  const g = Float32Array.from(uniforms(r, 12 * D));
  const gt = tensor(g, { shape: [3, 4, D] }), ids = tensor(Int32Array.from(idx), { shape: [3, 4] });
  const dense = new Embedding(V, D, { paddingIdx: idx[0], scaleGradByFreq: true }).grad(gt, ids);
  assert.ok(!(dense instanceof RowSparseGrad));
  assertAllClose(dense.dataSync(), refLookupGrad(g, idx, V, D, idx[0], true), { rtol: 1e-6 });
  const sparse = new Embedding(V, D, { sparse: true }).grad(gt, ids);
  assert.ok(sparse instanceof RowSparseGrad);
  assert.deepEqual(Array.from(sparse.indices.dataSync()), idx);
  assertAllClose(sparse.toDense().dataSync(), refLookupGrad(g, idx, V, D), { rtol: 1e-6 });
});

Deno.test("Embedding.computeMask() is indices != 0 with maskZero, and row 0 is still looked up", () => {
  const e = Embedding.fromPretrained([[9, 9], [1, 1], [2, 2]], { maskZero: true });
  const mask = e.computeMask([[1, 0, 2], [0, 0, 1]])!;
  assert.deepEqual([mask.dtype, mask.shape], ["int32", [2, 3]]);
  assert.deepEqual(mask.toArraySync(), [[1, 0, 1], [0, 0, 1]]);
  assert.deepEqual(e.computeMask(new Int32Array([0, 2]))!.toArraySync(), [0, 1]);
  assertBitwise(e.forward([0]).dataSync(), [9, 9]);
  assert.equal(new Embedding(3, 2).computeMask([0, 1]), null);
  assertThrowsClean(
    () => e.computeMask([0.5]),
    TypeError,
    /^Embedding\.computeMask\(\): indices\[0\] is 0\.5 but int32 data must be integers$/,
  );
});

Deno.test("Embedding.toString() prints like PyTorch", () => {
  assert.equal(
    new Embedding(10, 3, { paddingIdx: 0 }).toString(),
    "Embedding(10, 3, padding_idx=0)",
  );
  assert.equal(
    new Embedding(5, 2, { maxNorm: 2, normType: 1, scaleGradByFreq: true, sparse: true })
      .toString(),
    "Embedding(5, 2, max_norm=2.0, norm_type=1.0, scale_grad_by_freq=True, sparse=True)",
  );
  assert.equal(new Embedding(10, 3).toString(), "Embedding(10, 3)");
  assert.equal(
    new Embedding(10, 3, { paddingIdx: -1 }).toString(),
    "Embedding(10, 3, padding_idx=9)",
  );
  assert.equal(
    new Embedding(5, 2, { maxNorm: 1.5, normType: Infinity }).toString(),
    "Embedding(5, 2, max_norm=1.5, norm_type=inf)",
  );
  assert.equal(`${Embedding.fromPretrained([[1]])}`, "Embedding(1, 1)");
});

Deno.test("Embedding({inputLength}) checks the dims after the batch dim, as Keras 2 did", () => {
  const e = new Embedding(10, 2, { inputLength: 3, seed: 0 });
  assert.equal(e.inputLength, 3);
  assert.deepEqual(e.forward([[1, 2, 3], [4, 5, 6]]).shape, [2, 3, 2]);
  assert.deepEqual(e.forward(tensor([[1, 2, 3]], { dtype: "int32" })).shape, [1, 3, 2]);
  assertThrowsClean(
    () => e.forward([[1, 2, 3, 4]]),
    TypeError,
    /^Embedding.forward\(\): inputLength is 3 but indices have shape \[1,4\]$/,
    [e.weight],
  );
  assertThrowsClean(
    () => e.forward([1, 2, 3]),
    TypeError,
    /inputLength is 3 but indices have shape \[3\]/,
  );
  const grid = new Embedding(10, 2, { inputLength: [null, 2], seed: 0 });
  assert.deepEqual(grid.forward([[[1, 2], [3, 4], [5, 6]]]).shape, [1, 3, 2, 2]);
  assertThrowsClean(
    () => grid.forward([[[1, 2, 3]]]),
    TypeError,
    /inputLength is \[null,2\] but indices have shape \[1,1,3\]/,
  );
  assert.equal(new Embedding(4, 2).inputLength, null);
  assert.equal(new Embedding(4, 2, { inputLength: 3 }).toString(), "Embedding(4, 2)");
});

Deno.test("TableModule.requiresGrad is weight.requiresGrad, and the module's sparse reaches backward()", async () => {
  const e = new Embedding(5, 2, { sparse: true, seed: 0 });
  assert.deepEqual([e.requiresGrad, e.weight.requiresGrad], [true, true]);
  await sum(e.forward([1, 1, 3])).backward();
  assert.ok(e.weight.grad instanceof RowSparseGrad);
  assertBitwise(e.weight.grad.toDense().dataSync(), [0, 0, 2, 2, 0, 0, 1, 1, 0, 0]);
  e.requiresGrad = false;
  assert.equal(e.weight.requiresGrad, false);
  assert.deepEqual(e.parameters(), []);
});
