/** Tests of the `Flatten` module: PyTorch's defaults, dims, printout, errors. */

import assert from "node:assert/strict";
import { Flatten, tensor } from "../../mod.ts";
import { assertBitwise, assertThrowsClean } from "../_helpers.ts";

const x = () => tensor(Float32Array.from({ length: 24 }, (_, i) => i), { shape: [2, 3, 4] });

Deno.test("Flatten() keeps the batch dim and merges the rest, values in order", () => {
  const y = new Flatten().forward(x());
  assert.deepEqual(y.shape, [2, 12]);
  assertBitwise(y.dataSync(), Array.from({ length: 24 }, (_, i) => i));
});

Deno.test("Flatten({startDim, endDim}) merges that range of dims", () => {
  assert.deepEqual(new Flatten({ startDim: 0 }).forward(x()).shape, [24]);
  assert.deepEqual(new Flatten({ startDim: 0, endDim: 1 }).forward(x()).shape, [6, 4]);
  assert.deepEqual(new Flatten({ startDim: -2 }).forward(x()).shape, [2, 12]);
  assert.deepEqual(new Flatten({ startDim: 2 }).forward(x()).shape, [2, 3, 4]);
});

Deno.test("Flatten prints as PyTorch's", () => {
  assert.equal(new Flatten().toString(), "Flatten(start_dim=1, end_dim=-1)");
  assert.equal(
    new Flatten({ startDim: 0, endDim: 2 }).toString(),
    "Flatten(start_dim=0, end_dim=2)",
  );
});

Deno.test("Flatten rejects bad dims, at construction or for the input's rank", () => {
  assertThrowsClean(() => new Flatten({ startDim: 0.5 }), TypeError, /^Flatten\(\).*startDim/);
  assertThrowsClean(
    () => new Flatten({ start_dim: 0 } as never),
    TypeError,
    /^Flatten\(\).*start_dim/,
  );
  assertThrowsClean(() => new Flatten().forward([1, 2]), RangeError, /startDim/);
  assertThrowsClean(
    () => new Flatten({ startDim: 2, endDim: 1 }).forward(x()),
    RangeError,
    /startDim 2 is after endDim 1/,
  );
});
