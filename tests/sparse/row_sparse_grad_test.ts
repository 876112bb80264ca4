/** Tests of `RowSparseGrad`: construction, `toDense`, `coalesce`, and the sparse gradients of the bag op. */

import assert from "node:assert/strict";
import { embeddingBagGrad, realize, RowSparseGrad, tensor } from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean, rng } from "../_helpers.ts";
import {
  type BagProblem,
  bagsFromOffsets,
  ints,
  randomOffsets,
  refBagGrad,
  uniforms,
} from "../_reference.ts";

/** Dense sum of row-sparse entries in input order, with float32 rounding after each addition. */
function refDense(
  rows: readonly number[],
  values: ArrayLike<number>,
  V: number,
  D: number,
): Float32Array {
  const out = new Float32Array(V * D);
  rows.forEach((k, j) => {
    for (let d = 0; d < D; d++) out[k * D + d] += values[j * D + d];
  });
  return out;
}

Deno.test("RowSparseGrad() wraps entries given as arrays or tensors", () => {
  const forms = [
    new RowSparseGrad([3, 3, 2], [[1, 2], [5, 6], [7, 8]], { numEmbeddings: 4 }),
    new RowSparseGrad(new Int32Array([3, 3, 2]), [[1, 2], [5, 6], [7, 8]], { numEmbeddings: 4 }),
    new RowSparseGrad(tensor(new Int32Array([3, 3, 2])), tensor([[1, 2], [5, 6], [7, 8]]), {
      numEmbeddings: 4,
    }),
  ];
  for (const g of forms) {
    assert.equal(g.numEmbeddings, 4);
    assert.equal(g.coalesced, false);
    assert.deepEqual(g.shape, [4, 2]);
    assert.deepEqual(Array.from(g.indices.dataSync()), [3, 3, 2]);
    assertBitwise(g.values.dataSync(), [1, 2, 5, 6, 7, 8]);
    assertBitwise(g.toDense().dataSync(), [0, 0, 0, 0, 7, 8, 6, 8]);
  }
});

Deno.test("RowSparseGrad() rejects bad sizes, shapes and rows", () => {
  const F = "^RowSparseGrad\\(\\): ";
  const rows = [[1, 2]];
  assertThrowsClean(
    () => new RowSparseGrad([1], rows, {} as never),
    TypeError,
    new RegExp(F + "numEmbeddings is missing but must be a non-negative integer$"),
  );
  assertThrowsClean(
    () => new RowSparseGrad([1], rows, undefined as never),
    TypeError,
    /^RowSparseGrad\(\): numEmbeddings is missing/,
  );
  assertThrowsClean(
    () => new RowSparseGrad([1], rows, { numEmbeddings: 2.5 }),
    TypeError,
    /numEmbeddings is 2\.5/,
  );
  assertThrowsClean(
    () => new RowSparseGrad([1], rows, { numEmbeddings: -1 }),
    RangeError,
    /^RowSparseGrad\(\): numEmbeddings is -1 but must be non-negative$/,
  );
  assertThrowsClean(
    () => new RowSparseGrad([3], rows, { numEmbeddings: 3 }),
    RangeError,
    new RegExp(F + "indices\\[0\\] is 3 but numEmbeddings is 3$"),
  );
  assertThrowsClean(
    () => new RowSparseGrad([-1], rows, { numEmbeddings: 3 }),
    RangeError,
    /indices\[0\] is -1 but indices must be non-negative/,
  );
  assertThrowsClean(
    () => new RowSparseGrad([0.5], rows, { numEmbeddings: 3 }),
    TypeError,
    /indices\[0\] is 0\.5 but int32 data must be integers$/,
  );
  const mismatch = /indices \[\d*\] and values \[[\d,]*\] must have shapes \[n\] and \[n, D\]$/;
  assertThrowsClean(
    () => new RowSparseGrad([1, 2], rows, { numEmbeddings: 3 }),
    TypeError,
    mismatch,
  );
  assertThrowsClean(
    () => new RowSparseGrad([1, 2], new Float32Array(4) as never, { numEmbeddings: 3 }),
    TypeError,
    mismatch,
  );
  assertThrowsClean(
    () => new RowSparseGrad([[1]] as never, rows, { numEmbeddings: 3 }),
    TypeError,
    /indices \[1,1\] and values \[1,2\]/,
  );
  assertThrowsClean(
    () =>
      new RowSparseGrad([1], tensor([[1, 2]], { dtype: "int32" }) as never, { numEmbeddings: 3 }),
    TypeError,
    /values is an? int32 tensor but must be float32$/,
  );
});

Deno.test("RowSparseGrad.coalesce() sums repeated rows into distinct ascending rows", () => {
  const r = rng(3);
  const V = 9, D = 3, n = 25;
  const rows = ints(r, n, V);
  const values = Float32Array.from(uniforms(r, n * D));
  const g = new RowSparseGrad(rows, tensor(values, { shape: [n, D] }), { numEmbeddings: V });
  const c = g.coalesce();
  assert.equal(c.coalesced, true);
  assert.equal(c.coalesce(), c, "coalescing twice is free");
  const distinct = [...new Set(rows)].sort((a, b) => a - b);
  assert.deepEqual(Array.from(c.indices.dataSync()), distinct);
  const dense = refDense(rows, values, V, D);
  assertBitwise(
    c.values.dataSync(),
    distinct.flatMap((k) => Array.from(dense.subarray(k * D, k * D + D))),
  );
  assertBitwise(g.toDense().dataSync(), dense);
  assertBitwise(c.toDense().dataSync(), dense);
  assert.deepEqual(Array.from(g.indices.dataSync()), rows, "the original stays uncoalesced");
});

Deno.test("RowSparseGrad of no entries is an all-zero gradient", () => {
  const g = new RowSparseGrad([], tensor(new Float32Array(0), { shape: [0, 2] }), {
    numEmbeddings: 3,
  });
  assert.deepEqual(g.shape, [3, 2]);
  assertBitwise(g.toDense().dataSync(), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(g.coalesce().values.shape, [0, 2]);
});

/** A random 1-D bag problem with offsets. */
function bagProblem(seed: number, mode: "sum" | "mean", weighted: boolean, padded: boolean) {
  const r = rng(seed);
  const V = 6, D = 3, n = 30, B = 5;
  const w = Float32Array.from(uniforms(r, V * D));
  const idx = ints(r, n, V);
  const offsets = randomOffsets(r, n, B);
  const psw = weighted && mode === "sum" ? Float32Array.from(uniforms(r, n, -2, 2)) : null;
  const p: BagProblem = {
    w,
    V,
    D,
    idx,
    bags: bagsFromOffsets(offsets, n),
    mode,
    psw,
    pad: padded ? idx[0] : null,
  };
  const g = Float32Array.from(uniforms(r, B * D));
  const options = { mode, offsets, perSampleWeights: psw, paddingIdx: p.pad };
  return {
    p,
    g: tensor(g, { shape: [B, D] }),
    table: tensor(w, { shape: [V, D] }),
    ids: Int32Array.from(idx),
    options,
  };
}

Deno.test("embeddingBagGrad() sparse layout has one entry per non-padding position, in input order", () => {
  for (let seed = 0; seed < 4; seed++) {
    const { p, g, table, ids, options } = bagProblem(
      seed,
      seed % 2 ? "mean" : "sum",
      seed === 2,
      true,
    );
    const sparse = embeddingBagGrad(g, table, ids, { ...options, sparse: true }).weight;
    const kept = p.idx.map((k, j) => [k, j]).filter(([k]) => k !== p.pad);
    assert.deepEqual(Array.from(sparse.indices.dataSync()), kept.map(([k]) => k));
    // Entry e (position j of bag b) holds s_j · gradOutput[b], s_j = psw[j] or 1, over the count for mean.
    const G = g.dataSync(), values = sparse.values.dataSync(), D = p.D;
    kept.forEach(([, j], e) => {
      const b = p.bags.findIndex(([s, t]) => j >= s && j < t);
      const count = p.idx.slice(...p.bags[b]).filter((k) => k !== p.pad).length;
      const s = (p.psw ? p.psw[j] : 1) / (p.mode === "mean" ? count : 1);
      const want = Array.from(G.subarray(b * D, b * D + D), (x) => s * x);
      assertAllClose(values.subarray(e * D, e * D + D), want, {
        rtol: 1e-6,
        msg: `seed ${seed} entry ${e}`,
      });
    });
  }
});

Deno.test("embeddingBagGrad() coalesced sparse, uncoalesced sparse and dense agree bit for bit, with scaleGradByFreq", () => {
  for (let seed = 0; seed < 8; seed++) {
    const { p, g, table, ids, options } = bagProblem(
      40 + seed,
      seed % 2 ? "mean" : "sum",
      seed % 4 >= 2,
      seed >= 4,
    );
    const o = { ...options, scaleGradByFreq: true };
    const dense = embeddingBagGrad(g, table, ids, o).weight.dataSync();
    assertAllClose(dense, refBagGrad(p, g.dataSync(), true).weight, {
      rtol: 1e-5,
      atol: 1e-6,
      msg: `seed ${seed}`,
    });
    const sparse = embeddingBagGrad(g, table, ids, { ...o, sparse: true }).weight;
    const coalesced =
      embeddingBagGrad(g, table, ids, { ...o, sparse: true, coalesce: true }).weight;
    const rows = Array.from(coalesced.indices.dataSync());
    assert.deepEqual(rows, [...new Set(p.idx)].filter((k) => k !== p.pad).sort((a, b) => a - b));
    const D = p.D;
    assertBitwise(
      coalesced.values.dataSync(),
      rows.flatMap((k) => Array.from(dense.subarray(k * D, k * D + D))),
      `seed ${seed}`,
    );
    assertBitwise(sparse.toDense().dataSync(), dense, `seed ${seed} toDense`);
    assertBitwise(
      sparse.coalesce().values.dataSync(),
      coalesced.values.dataSync(),
      `seed ${seed} coalesce()`,
    );
  }
});

Deno.test("realize() computes the parts of several row-sparse gradients", async () => {
  const { g, table, ids, options } = bagProblem(9, "sum", true, false);
  const a = embeddingBagGrad(g, table, ids, { ...options, sparse: true });
  const b = a.weight.coalesce();
  assert.equal(b.values.realized, false);
  await realize(a, b);
  assert.ok(a.weight.indices.realized && a.weight.values.realized && a.perSampleWeights!.realized);
  assert.ok(b.indices.realized && b.values.realized);
});

Deno.test("RowSparseGrad.toString() prints like PyTorch's sparse tensors", () => {
  const g = new RowSparseGrad([3, 3, 2], [[1, 2], [5, 6], [7, 8]], { numEmbeddings: 4 });
  assert.equal(
    g.toString(),
    "RowSparseGrad(indices=tensor([3, 3, 2], dtype=int32), values=tensor([[1., 2.],\n        [5., 6.],\n        [7., 8.]]), size=(4, 2), nnz=3, coalesced=false)",
  );
  assert.match(g.coalesce().toString(), /nnz=2, coalesced=true\)$/);
});
