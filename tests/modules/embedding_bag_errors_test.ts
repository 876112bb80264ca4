/** Tests of the `EmbeddingBag` module's errors: sizes and options, bad inputs and per-call options. */

import assert from "node:assert/strict";
import { EmbeddingBag, type Tensor } from "../../mod.ts";
import { assertBitwise, assertThrowsClean, snapshot } from "../_helpers.ts";

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
