/** Tests of the `Embedding` module's errors: sizes and options, huge tables, bad indices and per-call options. */

import assert from "node:assert/strict";
import { Embedding } from "../../mod.ts";
import { assertAllClose, assertThrowsClean, snapshot } from "../_helpers.ts";

Deno.test("Embedding() rejects bad sizes and options", () => {
  const cases: [() => unknown, typeof TypeError, RegExp][] = [
    [
      () => new Embedding(1.5, 2),
      TypeError,
      /^Embedding\(\): numEmbeddings is 1\.5 but must be an integer$/,
    ],
    [
      () => new Embedding("3" as never, 2),
      TypeError,
      /^Embedding\(\): numEmbeddings is "3" but must be an integer$/,
    ],
    [
      () => new Embedding(-1, 2),
      RangeError,
      /^Embedding\(\): numEmbeddings is -1 but must be non-negative$/,
    ],
    [
      () => new Embedding(3, -2),
      RangeError,
      /^Embedding\(\): embeddingDim is -2 but must be non-negative$/,
    ],
    [
      () => new Embedding(3, 2, { paddingIdx: 3 }),
      RangeError,
      /^Embedding\(\): paddingIdx is 3 but must lie in \[-3, 3\)/,
    ],
    [() => new Embedding(3, 2, { paddingIdx: -4 }), RangeError, /^Embedding\(\): paddingIdx is -4/],
    [
      () => new Embedding(3, 2, { padding_idx: 0 } as never),
      TypeError,
      /^Embedding\(\): unknown option padding_idx \(did you mean paddingIdx\?\)$/,
    ],
    [
      () => new Embedding(3, 2, { mode: "sum" } as never),
      TypeError,
      /^Embedding\(\): unknown option mode \(known options: /,
    ],
    [
      () => new Embedding(3, 2, { maxNorm: 0 }),
      RangeError,
      /^Embedding\(\): maxNorm is 0 but must be greater than 0$/,
    ],
    [
      () => new Embedding(3, 2, { maxNorm: 1, normType: -1 }),
      RangeError,
      /^Embedding\(\): normType is -1 but must be greater than 0$/,
    ],
    [
      () => new Embedding(3, 2, { weight: [[1, 2]] }),
      TypeError,
      /^Embedding\(\): weight has shape \[1,2\] but must be \[3, 2\]$/,
    ],
    [
      () => new Embedding(3, 2, { embeddingsRegularizer: 3 as never }),
      TypeError,
      /^Embedding\(\): embeddingsRegularizer is 3 but must be a regularizer/,
    ],
    [
      () => new Embedding(3, 2, { maskZero: 1 as never }),
      TypeError,
      /^Embedding\(\): maskZero is 1 but must be a boolean$/,
    ],
    [
      () => new Embedding(3, 2, null as never),
      TypeError,
      /^Embedding\(\): options is null but must be an object$/,
    ],
    [
      () => Embedding.fromPretrained([1, 2]),
      TypeError,
      /^Embedding\.fromPretrained\(\): table has shape \[2\] but must be 2-D$/,
    ],
    [
      () => Embedding.fromPretrained("x" as never),
      TypeError,
      /^Embedding\.fromPretrained\(\): table is "x"/,
    ],
    [
      () => Embedding.fromPretrained([[1, 2]], { paddingIdx: 1 }),
      RangeError,
      /^Embedding\.fromPretrained\(\): paddingIdx is 1 but must lie in \[-1, 1\)/,
    ],
    [
      () => Embedding.fromPretrained([[1, 2]], { seed: 1 } as never),
      TypeError,
      /^Embedding\.fromPretrained\(\): unknown option seed \(known options: /,
    ],
    [
      () => Embedding.fromPretrained([[1, 2]], { freeze: "no" } as never),
      TypeError,
      /^Embedding\.fromPretrained\(\): freeze is "no" but must be a boolean$/,
    ],
  ];
  for (const [make, ErrorClass, pattern] of cases) assertThrowsClean(make, ErrorClass, pattern);
});

Deno.test("Embedding() with a table past 4 GiB throws at once, naming itself", () => {
  assertThrowsClean(
    () => new Embedding(2 ** 28, 5),
    RangeError,
    /^Embedding\(\): the table \[268435456,5\] needs 1342177280 elements \(5368709120 bytes\) but a tensor must stay below 4 GiB/,
  );
});

Deno.test("Embedding.forward() rejects bad indices without touching a max-norm table", () => {
  const e = Embedding.fromPretrained([[3, 4], [6, 8]], { maxNorm: 1 });
  const before = snapshot(e.weight);
  assertThrowsClean(
    () => e.forward([0, 2]),
    RangeError,
    /^embeddingForward\(\): indices\[1\] is 2 but numEmbeddings is 2$/,
    [e.weight],
  );
  assertThrowsClean(() => e.forward([[0], [-1]]), RangeError, /indices\[1,0\] is -1/, [e.weight]);
  assertThrowsClean(
    () => e.grad([[1, 1]], [5]),
    RangeError,
    /^embeddingGrad\(\): indices\[0\] is 5/,
    [e.weight],
  );
  assert.deepEqual(snapshot(e.weight), before);
});

Deno.test("Embedding.forward() and grad() reject per-call options that differ from the module's", () => {
  const e = Embedding.fromPretrained([[3, 4], [6, 8]], { maxNorm: 1 });
  const before = snapshot(e.weight);
  assertThrowsClean(
    () => e.forward([0], { maxNorm: 2 }),
    TypeError,
    /^Embedding\.forward\(\): maxNorm is 2 but the module's maxNorm is 1 \(per-call options cannot override the module's\)$/,
    [e.weight],
  );
  assertThrowsClean(
    () => e.forward([0], { max_norm: 1 } as never),
    TypeError,
    /did you mean maxNorm\?/,
  );
  assertThrowsClean(
    () => e.grad([[1, 1]], [0], { scaleGradByFreq: true }),
    TypeError,
    /^Embedding\.grad\(\): scaleGradByFreq is true but the module's scaleGradByFreq is false/,
  );
  assert.deepEqual(snapshot(e.weight), before);
  assertAllClose(e.forward([1], { maxNorm: 1, normType: 2 }).dataSync(), [0.6, 0.8], {
    rtol: 1e-6,
  });
});

Deno.test("Embedding() rejects an inputLength that is not a non-negative integer or a list of them", () => {
  for (const bad of [-1, 1.5, "3", [2, "x"]]) {
    assertThrowsClean(
      () => new Embedding(4, 2, { inputLength: bad as never }),
      TypeError,
      /Embedding\(\).*inputLength/,
    );
  }
});
