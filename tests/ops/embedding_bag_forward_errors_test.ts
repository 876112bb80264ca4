/** Tests of `embeddingBagForward`'s errors (docs/semantics.md: Bags, Errors): options, modes, the input forms and kinds. */

import { tensor } from "../../mod.ts";
import { W } from "../_helpers.ts";
import { expectError } from "./_embedding_bag_forward.ts";

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
