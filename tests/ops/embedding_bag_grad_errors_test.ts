/** Tests of `embeddingBagGrad`'s errors (docs/semantics.md: Gradients, Errors): gradOutput's shape and the forward's options. */

import { embeddingBagGrad, type EmbeddingBagGradOptions, Tensor, tensor } from "../../mod.ts";
import { assertThrowsClean, W } from "../_helpers.ts";

const F = /^embeddingBagGrad\(\): /;

function expectError(
  g: unknown,
  w: Tensor,
  ids: unknown,
  options: unknown,
  ErrorClass: typeof TypeError,
  pattern: RegExp,
) {
  const call = () =>
    embeddingBagGrad(
      g as Tensor<"float32">,
      w as Tensor<"float32">,
      ids as never,
      options as EmbeddingBagGradOptions,
    );
  assertThrowsClean(
    call,
    ErrorClass,
    new RegExp(F.source + pattern.source),
    [g, w].filter((t) => t instanceof Tensor),
  );
}

Deno.test("embeddingBagGrad() rejects a gradOutput that is not [B, D]", () => {
  const w = W(5, 3);
  expectError(
    tensor([[1, 2]]),
    w,
    [[1, 2]],
    {},
    TypeError,
    /gradOutput has shape \[1,2\] but must be \[B, D\] = \[1,3\]$/,
  );
  expectError(
    tensor([[1, 2, 3], [4, 5, 6]]),
    w,
    [[1, 2]],
    {},
    TypeError,
    /gradOutput has shape \[2,3\] but must be \[B, D\] = \[1,3\]$/,
  );
  expectError(
    tensor([1, 2, 3]),
    w,
    [1, 2],
    { offsets: [0] },
    TypeError,
    /gradOutput has shape \[3\] but must be \[B, D\] = \[1,3\]$/,
  );
  expectError(
    tensor([[1, 2, 3]], { dtype: "int32" }),
    w,
    [[1]],
    {},
    TypeError,
    /gradOutput is an? int32 tensor but must be float32$/,
  );
});

Deno.test("embeddingBagGrad() rejects the options the forward rejects", () => {
  const w = W(5, 3), g = tensor([[1, 2, 3]]);
  expectError(
    g,
    w,
    [[1, 2]],
    { mode: "max", scaleGradByFreq: true },
    TypeError,
    /scaleGradByFreq is not supported with mode "max"$/,
  );
  expectError(
    g,
    w,
    [[1, 2]],
    { mode: "max", sparse: true },
    TypeError,
    /sparse gradients are not supported with mode "max"$/,
  );
  expectError(
    g,
    w,
    [[1, 2]],
    { mode: "mean", perSampleWeights: [[1, 1]] },
    TypeError,
    /perSampleWeights needs mode "sum" but mode is "mean"$/,
  );
  expectError(
    g,
    w,
    [[1, 2]],
    { mode: "sum", perSampleWeights: [1, 1] },
    TypeError,
    /perSampleWeights has shape \[2\] but indices has shape \[1,2\]$/,
  );
  expectError(
    g,
    w,
    [[1, 2]],
    { offsets: [0] },
    TypeError,
    /offsets must be absent for 2-D indices/,
  );
  expectError(g, w, [1, 2], {}, TypeError, /offsets is missing but 1-D indices need offsets$/);
  expectError(g, w, [1, 2], { offsets: [1] }, RangeError, /offsets\[0\] is 1 but must be 0$/);
  expectError(
    g,
    w,
    [1, 2],
    { offsets: [0, 3], includeLastOffset: true },
    RangeError,
    /offsets\[1\] is 3 but indices has only 2 entries$/,
  );
  expectError(
    g,
    w,
    [1, 2],
    { offsets: [0, 1], includeLastOffset: true },
    RangeError,
    /offsets\[1\] is 1 but must equal the number of indices \(2\)/,
  );
  expectError(g, w, [[1, 5]], {}, RangeError, /indices\[0,1\] is 5 but numEmbeddings is 5$/);
  expectError(
    g,
    w,
    [[-1, 2]],
    {},
    RangeError,
    /indices\[0,0\] is -1 but indices must be non-negative/,
  );
  expectError(
    g,
    w,
    [[1, 2]],
    { paddingIdx: 5 },
    RangeError,
    /paddingIdx is 5 but must lie in \[-5, 5\)/,
  );
  expectError(
    g,
    w,
    [[1, 2]],
    { maxNorm: 1 },
    TypeError,
    /unknown option maxNorm \(known options: mode, offsets/,
  );
  expectError(
    g,
    w,
    [[1, 2]],
    { padding_idx: 0 },
    TypeError,
    /unknown option padding_idx \(did you mean paddingIdx\?\)$/,
  );
  expectError(
    g,
    [[1]] as never,
    [[1, 2]],
    {},
    TypeError,
    /weight is an array of length 1 but must be a Tensor/,
  );
});
