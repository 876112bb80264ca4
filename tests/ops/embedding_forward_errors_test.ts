/** Tests of `embeddingForward`'s errors (docs/semantics.md: Lookups, Errors): the table, indices and options, and disposed tensors. */

import { embeddingForward, tensor } from "../../mod.ts";
import { assertThrowsClean, W } from "../_helpers.ts";

const F = /^embeddingForward\(\): /;

Deno.test("embeddingForward() rejects a table that is not a 2-D float32 tensor", () => {
  const ids = [0];
  assertThrowsClean(
    () => embeddingForward([[1, 2]] as never, ids),
    TypeError,
    /weight is an array of length 1 but must be a Tensor/,
  );
  const flat = tensor([1, 2]);
  assertThrowsClean(
    () => embeddingForward(flat, ids),
    TypeError,
    /weight is a float32 tensor of shape \[2\] but must be a 2-D float32 tensor/,
    [flat],
  );
  const ints32 = tensor([[1, 2]], { dtype: "int32" });
  assertThrowsClean(
    () => embeddingForward(ints32 as never, ids),
    TypeError,
    /weight is an? int32 tensor of shape \[1,2\]/,
    [ints32],
  );
});

Deno.test("embeddingForward() rejects indices that are not integers, naming the position", () => {
  const w = W(10, 3);
  const cases: [unknown, RegExp][] = [
    [[1, 1.5], /indices\[1\] is 1\.5 but int32 data must be integers/],
    [[[0, 1], [2, NaN]], /indices\[3\] is NaN but int32 data must be integers/],
    [[Infinity], /indices\[0\] is Infinity/],
    [["3"], /indices\[0\] is "3" but must be a number/],
    ["3", /indices is "3" but must be an int32 tensor, Int32Array or \(nested\) array of integers/],
    [new Float32Array([1]), /indices is a Float32Array but must be an int32 tensor/],
    [tensor([1, 1.5]), /indices\[1\] is 1\.5 but indices must be integers \(a float32 tensor/],
    [[[1, 2], [3]], /indices\[1\] has length 1 but indices\[0\] has length 2/],
  ];
  for (const [ids, pattern] of cases) {
    assertThrowsClean(
      () => embeddingForward(w, ids as never),
      TypeError,
      new RegExp(F.source + pattern.source),
      [w],
    );
  }
});

Deno.test("embeddingForward() rejects out-of-range indices with the position and value", () => {
  const w = W(10, 3);
  const ids = [[0, 1, 2, 3], [4, 5, 6, 10]];
  assertThrowsClean(
    () => embeddingForward(w, ids),
    RangeError,
    /^embeddingForward\(\): indices\[1,3\] is 10 but numEmbeddings is 10$/,
    [w],
  );
  assertThrowsClean(
    () => embeddingForward(w, new Int32Array([0, 1, -1])),
    RangeError,
    /^embeddingForward\(\): indices\[2\] is -1 but indices must be non-negative \(numEmbeddings is 10\)$/,
    [w],
  );
  assertThrowsClean(
    () => embeddingForward(w, 12),
    RangeError,
    /^embeddingForward\(\): indices is 12 but numEmbeddings is 10$/,
    [w],
  );
  assertThrowsClean(
    () => embeddingForward(w, [2 ** 31]),
    RangeError,
    /indices\[0\] is 2147483648/,
    [w],
  );
  // A negative index is never wrapped, even with a negative paddingIdx.
  assertThrowsClean(
    () => embeddingForward(w, [-1], { paddingIdx: -1 }),
    RangeError,
    /indices\[0\] is -1/,
    [w],
  );
});

Deno.test("embeddingForward() rejects options out of range or of the wrong kind", () => {
  const w = W(10, 3);
  const cases: [object, typeof TypeError | typeof RangeError, RegExp][] = [
    [
      { paddingIdx: 10 },
      RangeError,
      /paddingIdx is 10 but must lie in \[-10, 10\) for numEmbeddings 10$/,
    ],
    [{ paddingIdx: -11 }, RangeError, /paddingIdx is -11 but must lie in \[-10, 10\)/],
    [{ paddingIdx: 1.5 }, TypeError, /paddingIdx is 1\.5 but must be an integer or null$/],
    [{ maxNorm: 0 }, RangeError, /maxNorm is 0 but must be greater than 0$/],
    [{ maxNorm: -1 }, RangeError, /maxNorm is -1 but must be greater than 0$/],
    [{ maxNorm: NaN }, TypeError, /maxNorm is NaN/],
    [{ maxNorm: 1, normType: 0 }, RangeError, /normType is 0 but must be greater than 0$/],
    [{ maxNorm: 1, normType: -2 }, RangeError, /normType is -2 but must be greater than 0$/],
    [{ padding_idx: 0 }, TypeError, /unknown option padding_idx \(did you mean paddingIdx\?\)$/],
    [{ max_norm: 1 }, TypeError, /unknown option max_norm \(did you mean maxNorm\?\)$/],
    [{ foo: 1 }, TypeError, /unknown option foo \(known options: paddingIdx, maxNorm, normType/],
    [{ sparse: "yes" }, TypeError, /sparse is "yes" but must be a boolean$/],
  ];
  for (const [options, ErrorClass, pattern] of cases) {
    assertThrowsClean(
      () => embeddingForward(w, [1], options as never),
      ErrorClass,
      new RegExp(F.source + pattern.source),
      [w],
    );
  }
  assertThrowsClean(
    () => embeddingForward(w, [1], null as never),
    TypeError,
    /options is null but must be an object$/,
    [w],
  );
});

Deno.test("embeddingForward() rejects a disposed table or indices instead of reading freed memory", () => {
  const w = W(300, 4), ids = tensor(new Int32Array([0]));
  w.dispose();
  const live = W(300, 4); // may reuse the freed block
  assertThrowsClean(
    () => embeddingForward(w, [0]),
    TypeError,
    /^embeddingForward\(\): weight is a disposed tensor of shape \[300,4\]$/,
  );
  ids.dispose();
  assertThrowsClean(
    () => embeddingForward(live, ids),
    TypeError,
    /^embeddingForward\(\): indices is a disposed tensor of shape \[1\]$/,
    [live],
  );
});
