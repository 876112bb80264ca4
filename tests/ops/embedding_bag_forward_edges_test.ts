/** Tests of `embeddingBagForward`'s edge cases (docs/semantics.md: Bags): padding, empty bags and batches, input forms and max-norm. */

import assert from "node:assert/strict";
import { embeddingBagForward, type EmbeddingBagOptions, tensor } from "../../mod.ts";
import { assertAllClose, assertBitwise, W } from "../_helpers.ts";
import { bagsFromOffsets, bagsOf2d, refBagForward, refGather, refRenorm } from "../_reference.ts";
import { SUMS } from "./_embedding_bag_forward.ts";

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
