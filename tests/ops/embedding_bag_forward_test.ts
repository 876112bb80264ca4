/** Tests of `embeddingBagForward`: errors (docs/semantics.md: Bags, Errors), the three modes against a naive reference, edge cases. */

import assert from "node:assert/strict";
import { embeddingBagForward, type EmbeddingBagOptions, type Tensor, tensor } from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean, rng, W } from "../_helpers.ts";
import {
  type Bag,
  bagsFromOffsets,
  bagsOf2d,
  ints,
  randomOffsets,
  refBagForward,
  refGather,
  refRenorm,
  uniforms,
} from "../_reference.ts";

const F = /^embeddingBagForward\(\): /;
const SUMS = { rtol: 1e-5, atol: 1e-6 };

function expectError(
  w: Tensor,
  ids: unknown,
  options: unknown,
  ErrorClass: typeof TypeError,
  pattern: RegExp,
) {
  const call = () =>
    embeddingBagForward(w as Tensor<"float32">, ids as never, options as EmbeddingBagOptions);
  assertThrowsClean(call, ErrorClass, new RegExp(F.source + pattern.source), [w]);
}

Deno.test("embeddingBagForward() rejects perSampleWeights outside mode sum, naming the mode", () => {
  const w = W(5, 2);
  expectError(
    w,
    [[1, 2]],
    { mode: "mean", perSampleWeights: [[1, 1]] },
    TypeError,
    /perSampleWeights needs mode "sum" but mode is "mean"$/,
  );
  expectError(
    w,
    [[1, 2]],
    { perSampleWeights: [[1, 1]] },
    TypeError,
    /perSampleWeights needs mode "sum" but mode is "mean"$/,
  );
  expectError(
    w,
    [1, 2],
    { mode: "max", offsets: [0], perSampleWeights: [1, 1] },
    TypeError,
    /perSampleWeights needs mode "sum" but mode is "max"$/,
  );
});

Deno.test("embeddingBagForward() rejects gradient options that mode max does not support", () => {
  const w = W(5, 2);
  expectError(
    w,
    [[1, 2]],
    { mode: "max", scaleGradByFreq: true },
    TypeError,
    /scaleGradByFreq is not supported with mode "max"$/,
  );
  expectError(
    w,
    [[1, 2]],
    { mode: "max", sparse: true },
    TypeError,
    /sparse gradients are not supported with mode "max"$/,
  );
});

Deno.test("embeddingBagForward() rejects offsets with 2-D indices and their absence with 1-D indices", () => {
  const w = W(5, 2);
  expectError(
    w,
    [[1, 2], [3, 4]],
    { offsets: [0, 1] },
    TypeError,
    /offsets must be absent for 2-D indices of shape \[2,2\]$/,
  );
  expectError(w, [1, 2], {}, TypeError, /offsets is missing but 1-D indices need offsets$/);
  expectError(w, [1, 2], { offsets: null }, TypeError, /offsets is missing/);
  expectError(
    w,
    1,
    { offsets: [0] },
    TypeError,
    /indices has shape \[\] but must be 1-D \(with offsets\) or 2-D$/,
  );
  expectError(w, [[[1]]], {}, TypeError, /indices has shape \[1,1,1\]/);
});

Deno.test("embeddingBagForward() rejects bad offsets with a RangeError", () => {
  const w = W(5, 2);
  const ids = [1, 2, 3];
  expectError(w, ids, { offsets: [1, 2] }, RangeError, /offsets\[0\] is 1 but must be 0$/);
  expectError(
    w,
    ids,
    { offsets: [0, 2, 1] },
    RangeError,
    /offsets\[2\] is 1 but must not be less than offsets\[1\] \(2\)$/,
  );
  expectError(
    w,
    ids,
    { offsets: [0, 4] },
    RangeError,
    /offsets\[1\] is 4 but indices has only 3 entries$/,
  );
  expectError(
    w,
    ids,
    { offsets: [0, 2], includeLastOffset: true },
    RangeError,
    /offsets\[1\] is 2 but must equal the number of indices \(3\) with includeLastOffset$/,
  );
  expectError(w, ids, { offsets: [] }, RangeError, /offsets is empty but indices has 3 entries$/);
  expectError(
    w,
    [],
    { offsets: [], includeLastOffset: true },
    RangeError,
    /offsets is empty but includeLastOffset needs at least one entry$/,
  );
  expectError(
    w,
    ids,
    { offsets: new Int32Array([0, -1]) },
    RangeError,
    /offsets\[1\] is -1 but must not be less than offsets\[0\] \(0\)/,
  );
});

Deno.test("embeddingBagForward() rejects offsets and weights of the wrong kind or shape", () => {
  const w = W(5, 2);
  const ids = [1, 2, 3];
  expectError(w, ids, { offsets: [[0]] }, TypeError, /offsets has shape \[1,1\] but must be 1-D$/);
  expectError(
    w,
    ids,
    { offsets: [0, 1.5] },
    TypeError,
    /offsets\[1\] is 1\.5 but int32 data must be integers$/,
  );
  expectError(
    w,
    ids,
    { offsets: tensor([0, 0.5]) },
    TypeError,
    /offsets\[1\] is 0\.5 but offsets must be integers \(a float32 tensor/,
  );
  expectError(w, ids, { offsets: "0" }, TypeError, /offsets is "0" but must be a 1-D int32 tensor/);
  expectError(
    w,
    ids,
    { offsets: [0], mode: "sum", perSampleWeights: [1, 2] },
    TypeError,
    /perSampleWeights has shape \[2\] but indices has shape \[3\]$/,
  );
  expectError(
    w,
    [ids],
    { mode: "sum", perSampleWeights: [1, 2, 3] },
    TypeError,
    /perSampleWeights has shape \[3\] but indices has shape \[1,3\]$/,
  );
  expectError(
    w,
    ids,
    { offsets: [0], mode: "sum", perSampleWeights: new Int32Array(3) },
    TypeError,
    /perSampleWeights is an? Int32Array but must be a float32/,
  );
  expectError(
    w,
    ids,
    { offsets: [0], mode: "avg" },
    TypeError,
    /mode is "avg" but must be "sum", "mean" or "max"$/,
  );
  expectError(
    w,
    ids,
    { offsets: [0], per_sample_weights: [1, 1, 1] },
    TypeError,
    /unknown option per_sample_weights \(did you mean perSampleWeights\?\)$/,
  );
  expectError(
    w,
    ids,
    { offsets: [0], include_last_offset: true },
    TypeError,
    /unknown option include_last_offset \(did you mean includeLastOffset\?\)$/,
  );
  expectError(
    tensor([1, 2]),
    ids,
    { offsets: [0] },
    TypeError,
    /weight is a float32 tensor of shape \[2\] but must be a 2-D float32 tensor$/,
  );
});

Deno.test("embeddingBagForward() rejects out-of-range indices and options before touching the table", () => {
  const w = tensor([[3, 4], [6, 8], [30, 40]]);
  expectError(
    w,
    [0, 1, 3],
    { offsets: [0], maxNorm: 1 },
    RangeError,
    /indices\[2\] is 3 but numEmbeddings is 3$/,
  );
  expectError(
    w,
    [[0, 1], [-2, 1]],
    { maxNorm: 1 },
    RangeError,
    /indices\[1,0\] is -2 but indices must be non-negative \(numEmbeddings is 3\)$/,
  );
  expectError(w, [0, 1], { offsets: [0, 3], maxNorm: 1 }, RangeError, /offsets\[1\] is 3/);
  expectError(
    w,
    [0, 1],
    { offsets: [0], maxNorm: 1, paddingIdx: -4 },
    RangeError,
    /paddingIdx is -4 but must lie in \[-3, 3\)/,
  );
  expectError(
    w,
    [0, 1],
    { offsets: [0], maxNorm: 0 },
    RangeError,
    /maxNorm is 0 but must be greater than 0$/,
  );
  expectError(
    w,
    [0, 1],
    { offsets: [0], maxNorm: 1, normType: -1 },
    RangeError,
    /normType is -1 but must be greater than 0$/,
  );
  expectError(
    w,
    [0, 1],
    { offsets: [0], mode: "mean", maxNorm: 1, perSampleWeights: [1, 1] },
    TypeError,
    /perSampleWeights needs mode "sum" but mode is "mean"$/,
  );
  assertBitwise(w.dataSync(), [3, 4, 6, 8, 30, 40]);
});

/** A random bag problem in one of the three input forms. */
function randomCase(
  seed: number,
  mode: "sum" | "mean" | "max",
  form: "offsets" | "last" | "2d",
  padded: boolean,
  weighted: boolean,
) {
  const r = rng(seed);
  const V = 9, D = 5, B = 6;
  const w = Float32Array.from(uniforms(r, V * D));
  const n = form === "2d" ? B * 4 : 20;
  const idx = ints(r, n, V);
  const psw = weighted ? Float32Array.from(uniforms(r, n, -2, 2)) : null;
  const pad = padded ? idx[3] : null;
  let bags: Bag[],
    ids: unknown,
    options: EmbeddingBagOptions = { mode, paddingIdx: pad, perSampleWeights: psw };
  if (form === "2d") {
    bags = bagsOf2d(B, 4);
    ids = tensor(Int32Array.from(idx), { shape: [B, 4] });
    if (psw) options.perSampleWeights = tensor(psw, { shape: [B, 4] });
  } else {
    const offsets = randomOffsets(r, n, B);
    if (form === "last") offsets.push(n);
    bags = bagsFromOffsets(offsets, n, form === "last");
    ids = Int32Array.from(idx);
    options = { ...options, offsets, includeLastOffset: form === "last" };
  }
  return { w, V, D, idx, bags, ids, options, psw, pad };
}

for (const mode of ["sum", "mean", "max"] as const) {
  for (const form of ["offsets", "last", "2d"] as const) {
    Deno.test(`embeddingBagForward() mode ${mode} with ${form} matches a naive reduction`, () => {
      for (let seed = 0; seed < 8; seed++) {
        const padded = seed % 2 === 1, weighted = mode === "sum" && seed % 4 >= 2;
        const c = randomCase(100 * seed + form.length, mode, form, padded, weighted);
        const table = tensor(c.w, { shape: [c.V, c.D] });
        const out = embeddingBagForward(table, c.ids as Int32Array, c.options);
        assert.deepEqual(out.shape, [c.bags.length, c.D]);
        const want = refBagForward({ ...c, mode });
        if (mode === "max") assertBitwise(out.dataSync(), want, `seed ${seed}`);
        else assertAllClose(out.dataSync(), want, { ...SUMS, msg: `seed ${seed}` });
        assertBitwise(table.dataSync(), c.w, "the table is only read");
      }
    });
  }
}

Deno.test("embeddingBagForward() excludes paddingIdx from the mean", () => {
  const w = W(5, 2);
  const out = embeddingBagForward(w, [1, 0, 3, 0, 0, 2], { offsets: [0, 3, 5], paddingIdx: 0 });
  // (row 1 + row 3) / 2; an all-padding bag; row 2 alone.
  assertAllClose(out.dataSync(), [
    2,
    Math.fround((Math.fround(1.1) + Math.fround(3.1)) / 2),
    0,
    0,
    2,
    Math.fround(2.1),
  ], { rtol: 1e-7 });
});

Deno.test("embeddingBagForward() gives zeros for empty and all-padding bags in every mode", () => {
  const w = tensor([[-1, -2], [3, 4], [-5, 6]]);
  for (const mode of ["sum", "mean", "max"] as const) {
    const out = embeddingBagForward(w, [2, 2, 1, 0], {
      offsets: [0, 0, 2, 2, 4],
      mode,
      paddingIdx: 2,
    });
    const row1 = mode === "max" ? [3, 4] : mode === "mean" ? [1, 1] : [2, 2]; // bag 3 is rows 1 and 0
    assertBitwise(out.dataSync(), [0, 0, 0, 0, 0, 0, ...row1, 0, 0], mode);
  }
});

Deno.test("embeddingBagForward() in max mode keeps a NaN only when it is the bag's first entry", () => {
  const w = tensor([[NaN, 1], [2, NaN], [3, 3]]);
  const out = embeddingBagForward(w, [[0, 2], [2, 0], [1, 2], [2, 1]], { mode: "max" });
  assertBitwise(
    out.dataSync(),
    refBagForward({
      w: w.dataSync(),
      V: 3,
      D: 2,
      idx: [0, 2, 2, 0, 1, 2, 2, 1],
      bags: bagsOf2d(4, 2),
      mode: "max",
    }),
  );
  assertBitwise(out.dataSync(), [NaN, 3, 3, 3, 3, NaN, 3, 3]);
});

Deno.test("embeddingBagForward() in max mode breaks ties, -0 against 0 included, towards the first entry", () => {
  const w = tensor([[0, -0], [-0, 0], [5, 5]]);
  const out = Array.from(
    embeddingBagForward(w, [[0, 1], [1, 0], [2, 2]], { mode: "max" }).dataSync(),
  );
  const signs = out.map((x) => (Object.is(x, -0) ? "-0" : String(x)));
  assert.deepEqual(signs, ["0", "-0", "-0", "0", "5", "5"]);
});

Deno.test("embeddingBagForward() with 2-D indices and includeLastOffset gives one bag per row", () => {
  const w = W(6, 2);
  const out = embeddingBagForward(w, [[1, 2], [3, 4], [5, 0]], {
    mode: "sum",
    includeLastOffset: true,
  });
  assert.deepEqual(out.shape, [3, 2]);
  assertAllClose(
    out.dataSync(),
    refBagForward({
      w: w.dataSync(),
      V: 6,
      D: 2,
      idx: [1, 2, 3, 4, 5, 0],
      bags: bagsOf2d(3, 2),
      mode: "sum",
    }),
    SUMS,
  );
});

Deno.test("embeddingBagForward() handles no bags, no indices and one empty bag", () => {
  const w = W(4, 3);
  assert.deepEqual(embeddingBagForward(w, [], { offsets: [] }).shape, [0, 3]);
  assertBitwise(embeddingBagForward(w, [], { offsets: [0], mode: "max" }).dataSync(), [0, 0, 0]);
  assertBitwise(
    embeddingBagForward(w, [], { offsets: [0, 0], includeLastOffset: true }).dataSync(),
    [0, 0, 0],
  );
  const noCols = embeddingBagForward(w, tensor(new Int32Array(0), { shape: [2, 0] }), {
    mode: "sum",
  });
  assertBitwise(noCols.dataSync(), [0, 0, 0, 0, 0, 0]);
});

Deno.test("embeddingBagForward() accepts offsets and weights as tensors, typed arrays and arrays", () => {
  const w = W(5, 2);
  const ids = [4, 1, 1, 3];
  const want = refBagForward({
    w: w.dataSync(),
    V: 5,
    D: 2,
    idx: ids,
    bags: bagsFromOffsets([0, 1], 4),
    mode: "sum",
    psw: [0.5, 2, -1, 4],
  });
  const forms: EmbeddingBagOptions[] = [
    { offsets: [0, 1], perSampleWeights: [0.5, 2, -1, 4] },
    { offsets: new Int32Array([0, 1]), perSampleWeights: new Float32Array([0.5, 2, -1, 4]) },
    { offsets: tensor(new Int32Array([0, 1])), perSampleWeights: tensor([0.5, 2, -1, 4]) },
  ];
  for (const o of forms) {
    assertAllClose(embeddingBagForward(w, ids, { ...o, mode: "sum" }).dataSync(), want, SUMS);
  }
});

Deno.test("embeddingBagForward() with maxNorm renormalises every referenced row, padding included, before reducing", () => {
  const rows = [3, 4, 0.3, 0.4, 6, 8, 30, 40];
  const w = tensor(rows, { shape: [4, 2] });
  const ids = [0, 1, 2, 0];
  const out = embeddingBagForward(w, ids, {
    offsets: [0, 2],
    mode: "sum",
    maxNorm: 2,
    paddingIdx: 2,
  });
  const renormed = refRenorm(rows, 2, ids, 2);
  assertAllClose(w.dataSync(), renormed, { rtol: 1e-6 });
  assertBitwise(w.dataSync().subarray(6), [30, 40], "row 3 is not referenced");
  assert.notEqual(w.dataSync()[4], 6, "the padding row is referenced, so it is renormalised");
  const want = refBagForward({
    w: renormed,
    V: 4,
    D: 2,
    idx: ids,
    bags: bagsFromOffsets([0, 2], 4),
    mode: "sum",
    pad: 2,
  });
  assertAllClose(out.dataSync(), want, SUMS);
  assertAllClose(refGather(renormed, [0], 2), [1.2, 1.6], {
    rtol: 1e-6,
    msg: "hand check of the reference",
  });
});
