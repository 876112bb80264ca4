/** Tests of `embeddingBagForward`'s range errors (docs/semantics.md: Bags, Errors): bad offsets and indices, checked before the table is touched. */

import { tensor } from "../../mod.ts";
import { assertBitwise, W } from "../_helpers.ts";
import { expectError } from "./_embedding_bag_forward.ts";

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
