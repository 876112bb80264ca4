/** Tests of the `EmbeddingBag` module: construction, forward, grad, repr and errors. */

import assert from "node:assert/strict";
import { EmbeddingBag, RowSparseGrad, type Tensor, tensor } from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean, rng, snapshot } from "../_helpers.ts";
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

Deno.test("EmbeddingBag() rejects bad sizes and options", () => {
  const cases: [() => unknown, typeof TypeError, RegExp][] = [
    [
      () => new EmbeddingBag(2.5, 2),
      TypeError,
      /^EmbeddingBag\(\): numEmbeddings is 2\.5 but must be an integer$/,
    ],
    [
      () => new EmbeddingBag(3, -1),
      RangeError,
      /^EmbeddingBag\(\): embeddingDim is -1 but must be non-negative$/,
    ],
    [
      () => new EmbeddingBag(3, 2, { mode: "max", sparse: true }),
      TypeError,
      /^EmbeddingBag\(\): sparse is not supported with mode "max"$/,
    ],
    [
      () => new EmbeddingBag(3, 2, { mode: "max", scaleGradByFreq: true }),
      TypeError,
      /^EmbeddingBag\(\): scaleGradByFreq is not supported with mode "max"$/,
    ],
    [
      () => new EmbeddingBag(3, 2, { mode: "avg" as never }),
      TypeError,
      /^EmbeddingBag\(\): mode is "avg" but must be "sum", "mean" or "max"$/,
    ],
    [
      () => new EmbeddingBag(3, 2, { maskZero: true } as never),
      TypeError,
      /^EmbeddingBag\(\): unknown option maskZero \(known options: /,
    ],
    [
      () => new EmbeddingBag(3, 2, { include_last_offset: true } as never),
      TypeError,
      /did you mean includeLastOffset\?\)$/,
    ],
    [
      () => new EmbeddingBag(3, 2, { paddingIdx: 3 }),
      RangeError,
      /^EmbeddingBag\(\): paddingIdx is 3 but must lie in \[-3, 3\)/,
    ],
    [
      () => new EmbeddingBag(3, 2, { maxNorm: -2 }),
      RangeError,
      /^EmbeddingBag\(\): maxNorm is -2 but must be greater than 0$/,
    ],
  ];
  for (const [make, ErrorClass, pattern] of cases) assertThrowsClean(make, ErrorClass, pattern);
});

Deno.test("EmbeddingBag.forward() and grad() reject bad inputs without touching the table", () => {
  const b = new EmbeddingBag(4, 2, { mode: "mean", maxNorm: 0.1, seed: 2 });
  const w = [b.weight];
  assertThrowsClean(
    () => b.forward([0, 1, 4], { offsets: [0] }),
    RangeError,
    /^embeddingBagForward\(\): indices\[2\] is 4 but numEmbeddings is 4$/,
    w,
  );
  assertThrowsClean(
    () => b.forward([0, 1], { offsets: [0, 3] }),
    RangeError,
    /offsets\[1\] is 3 but indices has only 2 entries$/,
    w,
  );
  assertThrowsClean(
    () => b.forward([0, 1], { offsets: [0], perSampleWeights: [1, 1] }),
    TypeError,
    /perSampleWeights needs mode "sum" but mode is "mean"$/,
    w,
  );
  assertThrowsClean(
    () => b.forward([0, 1]),
    TypeError,
    /offsets is missing but 1-D indices need offsets$/,
    w,
  );
  assertThrowsClean(
    () => b.forward([[0, 1]], { offsets: [0] }),
    TypeError,
    /offsets must be absent for 2-D indices/,
    w,
  );
  assertThrowsClean(
    () => b.grad([[1, 1]], [[0, 9]]),
    RangeError,
    /^embeddingBagGrad\(\): indices\[0,1\] is 9/,
    w,
  );
  assertThrowsClean(
    () => b.grad([[1, 1, 1]], [[0, 1]]),
    TypeError,
    /gradOutput has shape \[1,3\] but must be \[B, D\] = \[1,2\]$/,
    w,
  );
  const before = snapshot(b.weight);
  (b.grad([[1, 1]], [[0, 1]]).weight as Tensor).dataSync();
  assert.deepEqual(snapshot(b.weight), before, "grad() only reads the table");
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

Deno.test("EmbeddingBag.forward() and grad() reject per-call options that differ from the module's", () => {
  const bag = EmbeddingBag.fromPretrained([[1, 2], [3, 4]], { mode: "mean", paddingIdx: 1 });
  const before = snapshot(bag.weight);
  assertThrowsClean(
    () => bag.forward([[0, 1]], { mode: "max" } as never),
    TypeError,
    /^EmbeddingBag\.forward\(\): mode is "max" but the module's mode is "mean" \(per-call options cannot override the module's\)$/,
    [bag.weight],
  );
  assertThrowsClean(
    () => bag.grad([[1, 1]], [[0, 1]], { sparse: true } as never),
    TypeError,
    /^EmbeddingBag\.grad\(\): sparse is true but the module's sparse is false/,
  );
  assertThrowsClean(
    () => bag.forward([[0, 1]], { per_sample_weights: [1, 1] } as never),
    TypeError,
    /^EmbeddingBag\.forward\(\): unknown option per_sample_weights \(did you mean perSampleWeights\?\)$/,
  );
  assertThrowsClean(() => bag.forward([[0, 1]], null as never), TypeError, /options is null/);
  // Restating the module's own values is allowed (a negative paddingIdx counts from V).
  const same = bag.forward([[0, 1]], { mode: "mean", paddingIdx: -1 } as never);
  assertBitwise(same.dataSync(), bag.forward([[0, 1]]).dataSync());
  assert.deepEqual(snapshot(bag.weight), before);
});
