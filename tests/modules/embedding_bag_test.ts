/** Tests of the `EmbeddingBag` module: construction, fromPretrained, forward, grad and repr. */

import assert from "node:assert/strict";
import { EmbeddingBag, RowSparseGrad, type Tensor, tensor } from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean, rng } from "../_helpers.ts";
import {
  bagsFromOffsets,
  bagsOf2d,
  ints,
  randomOffsets,
  refBagForward,
  refBagGrad,
  refRenorm,
  uniforms,
} from "../_reference.ts";

const SUMS = { rtol: 1e-5, atol: 1e-6 };

function randomTable(seed: number, V: number, D: number) {
  const values = Float32Array.from(uniforms(rng(seed), V * D));
  return { values, weight: tensor(values, { shape: [V, D] }) };
}

Deno.test("EmbeddingBag() owns a table, zeroes the padding row and defaults to mode mean", () => {
  const b = new EmbeddingBag(5, 3, { paddingIdx: 2, seed: 1 });
  assert.deepEqual([b.mode, b.includeLastOffset, b.paddingIdx, b.weight.shape], ["mean", false, 2, [
    5,
    3,
  ]]);
  assertBitwise(b.weight.dataSync().subarray(6, 9), [0, 0, 0]);
  assert.deepEqual(b.parameters(), [b.weight]);
});

Deno.test("EmbeddingBag.forward() reduces bags like the naive reference in every mode and form", () => {
  const V = 8, D = 4;
  for (const mode of ["sum", "mean", "max"] as const) {
    const { values, weight } = randomTable(mode.length, V, D);
    const b = new EmbeddingBag(V, D, { mode, weight, paddingIdx: 3 });
    const r = rng(9);
    const idx = ints(r, 12, V), offsets = randomOffsets(r, 12, 4);
    const oneD = b.forward(idx, { offsets });
    const p = { w: values, V, D, idx, mode, pad: 3 };
    assertAllClose(oneD.dataSync(), refBagForward({ ...p, bags: bagsFromOffsets(offsets, 12) }), {
      ...SUMS,
      msg: mode,
    });
    const twoD = b.forward([idx.slice(0, 6), idx.slice(6)]);
    assertAllClose(twoD.dataSync(), refBagForward({ ...p, bags: bagsOf2d(2, 6) }), {
      ...SUMS,
      msg: `${mode} 2-D`,
    });
  }
});

Deno.test("EmbeddingBag.forward() takes per-sample weights in mode sum and includeLastOffset from the module", () => {
  const { values, weight } = randomTable(3, 6, 2);
  const b = new EmbeddingBag(6, 2, { mode: "sum", includeLastOffset: true, weight });
  const idx = [5, 1, 1, 0, 4], psw = [0.5, -1, 2, 3, 0.25];
  const out = b.forward(idx, { offsets: [0, 2, 2, 5], perSampleWeights: psw });
  assert.deepEqual(out.shape, [3, 2]);
  const want = refBagForward({
    w: values,
    V: 6,
    D: 2,
    idx,
    mode: "sum",
    psw,
    bags: bagsFromOffsets([0, 2, 2, 5], 5, true),
  });
  assertAllClose(out.dataSync(), want, SUMS);
});

Deno.test("EmbeddingBag.forward() applies the module's maxNorm to the referenced rows", () => {
  const { values, weight } = randomTable(4, 6, 3);
  const b = new EmbeddingBag(6, 3, { mode: "max", maxNorm: 0.5, normType: Infinity, weight });
  const idx = [[0, 5], [5, 2]];
  const out = b.forward(idx);
  const renormed = refRenorm(values, 3, idx.flat(), 0.5, Infinity);
  assertAllClose(b.weight.dataSync(), renormed, { rtol: 1e-6 });
  assertBitwise(
    b.weight.dataSync().subarray(3, 6),
    values.subarray(3, 6),
    "row 1 is not referenced",
  );
  assertAllClose(
    out.dataSync(),
    refBagForward({ w: renormed, V: 6, D: 3, idx: idx.flat(), bags: bagsOf2d(2, 2), mode: "max" }),
    { rtol: 1e-6 },
  );
});

Deno.test("EmbeddingBag.grad() gives the weight and per-sample-weight gradients with the module's options", () => {
  const V = 7, D = 3;
  const { values, weight } = randomTable(5, V, D);
  const r = rng(6);
  const idx = ints(r, 15, V), offsets = randomOffsets(r, 15, 5);
  const g = Float32Array.from(uniforms(r, 5 * D)), psw = Float32Array.from(uniforms(r, 15));
  const p = {
    w: values,
    V,
    D,
    idx,
    bags: bagsFromOffsets(offsets, 15),
    mode: "sum" as const,
    psw,
    pad: idx[2],
  };
  const dense = new EmbeddingBag(V, D, {
    mode: "sum",
    weight,
    paddingIdx: idx[2],
    scaleGradByFreq: true,
  });
  const got = dense.grad(tensor(g, { shape: [5, D] }), idx, { offsets, perSampleWeights: psw });
  const want = refBagGrad(p, g, true);
  assert.ok(!(got.weight instanceof RowSparseGrad));
  assertAllClose(got.weight.dataSync(), want.weight, SUMS);
  assertAllClose(got.perSampleWeights!.dataSync(), want.psw, SUMS);
  const sparse = new EmbeddingBag(V, D, {
    mode: "sum",
    weight,
    paddingIdx: idx[2],
    scaleGradByFreq: true,
    sparse: true,
  });
  const s = sparse.grad(tensor(g, { shape: [5, D] }), idx, { offsets, perSampleWeights: psw });
  assert.ok(s.weight instanceof RowSparseGrad);
  assertBitwise(s.weight.toDense().dataSync(), got.weight.dataSync());
  const mean = new EmbeddingBag(V, D, { weight }).grad(tensor(g, { shape: [5, D] }), idx, {
    offsets,
  });
  assertAllClose(
    (mean.weight as Tensor).dataSync(),
    refBagGrad({ ...p, mode: "mean", psw: null, pad: null }, g).weight,
    SUMS,
  );
  assert.equal(mean.perSampleWeights, undefined);
});

Deno.test("EmbeddingBag.toString() prints like PyTorch", () => {
  assert.equal(
    new EmbeddingBag(10, 3, { mode: "sum", paddingIdx: 0 }).toString(),
    "EmbeddingBag(10, 3, mode=sum, padding_idx=0)",
  );
  assert.equal(new EmbeddingBag(1000, 32).toString(), "EmbeddingBag(1000, 32, mode=mean)");
  assert.equal(
    new EmbeddingBag(10, 3, { mode: "max", maxNorm: 0.5, normType: Infinity }).toString(),
    "EmbeddingBag(10, 3, max_norm=0.5, norm_type=inf, mode=max)",
  );
  assert.equal(
    new EmbeddingBag(4, 2, { scaleGradByFreq: true, paddingIdx: -1 }).toString(),
    "EmbeddingBag(4, 2, scale_grad_by_freq=True, mode=mean, padding_idx=3)",
  );
});

Deno.test("EmbeddingBag.fromPretrained() shares the table, freezes it by default and keeps options", async () => {
  const table = tensor([[1, 2], [3, 4], [5, 6]]);
  const bag = EmbeddingBag.fromPretrained(table, { mode: "sum", paddingIdx: 1 });
  assert.equal(bag.weight, table);
  assert.equal(bag.requiresGrad, false);
  assert.equal(bag.toString(), "EmbeddingBag(3, 2, mode=sum, padding_idx=1)");
  // Row 1 is padding: excluded from the sum, but not zeroed in the table.
  assert.deepEqual(await bag.forward([[0, 1, 2]]).toArray(), [[6, 8]]);
  assert.deepEqual(await table.toArray(), [[1, 2], [3, 4], [5, 6]]);
  assert.equal(EmbeddingBag.fromPretrained([[1, 2]], { freeze: false }).requiresGrad, true);
  assertThrowsClean(
    () => EmbeddingBag.fromPretrained([1, 2]),
    TypeError,
    /^EmbeddingBag\.fromPretrained\(\): table has shape \[2\] but must be 2-D$/,
  );
  assertThrowsClean(
    () => EmbeddingBag.fromPretrained([[1]], { seed: 1 } as never),
    TypeError,
    /^EmbeddingBag\.fromPretrained\(\): unknown option seed/,
  );
});
