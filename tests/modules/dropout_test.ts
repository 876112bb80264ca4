/** Tests of the `Dropout` module: train and eval modes, statistics, seeds, printout and errors. */

import assert from "node:assert/strict";
import { Dropout, manualSeed, ones, Sequential, tensor } from "../../mod.ts";
import { assertBitwise, assertThrowsClean, snapshot } from "../_helpers.ts";
import { assertBinomial } from "../_stats.ts";

Deno.test("Dropout.forward() in training mode drops a binomial fraction p, scaled by 1/(1-p)", () => {
  const n = 10000, p = 0.2;
  const layer = new Dropout(p, { seed: 0 });
  assert.equal(layer.training, true);
  const y = snapshot(layer.forward(ones([100, 100])));
  const scale = Math.fround(1 / (1 - p));
  assert.ok(y.every((v) => v === 0 || v === scale));
  assertBinomial(y.filter((v) => v === 0).length, n, p);
});

Deno.test("Dropout.forward() in eval mode returns its input unchanged", () => {
  const layer = new Dropout(0.9, { seed: 0 });
  const model = new Sequential(layer).eval();
  assertBitwise(model.forward(tensor([1, -2, 3])).dataSync(), [1, -2, 3]);
  model.train();
  assert.ok(snapshot(layer.forward(ones([200]))).some((v) => v === 0));
});

Deno.test("Dropout with a seed draws a new mask per call, the same sequence per seed", () => {
  const a = new Dropout(0.5, { seed: 3 }), b = new Dropout(0.5, { seed: 3 });
  const x = ones([64]);
  const a1 = snapshot(a.forward(x)), a2 = snapshot(a.forward(x));
  assert.notDeepEqual(a1, a2);
  assert.deepEqual([snapshot(b.forward(x)), snapshot(b.forward(x))], [a1, a2]);
  manualSeed(8);
  const c = snapshot(new Dropout().forward(x));
  manualSeed(8);
  assert.deepEqual(snapshot(new Dropout().forward(x)), c);
});

Deno.test("Dropout prints as PyTorch's and rejects bad p and options", () => {
  assert.equal(new Dropout().toString(), "Dropout(p=0.5, inplace=False)");
  assert.equal(new Dropout(0).p, 0);
  assertThrowsClean(
    () => new Dropout(-0.1),
    RangeError,
    /^Dropout\(\): p is -0.1 but must lie in \[0, 1\]$/,
  );
  assertThrowsClean(() => new Dropout("a" as never), TypeError, /^Dropout\(\): p is "a"/);
  assertThrowsClean(
    () => new Dropout(0.5, { inplace: true } as never),
    TypeError,
    /Dropout\(\).*inplace/,
  );
  assertThrowsClean(
    () => new Dropout(0.5).forward("x" as never),
    TypeError,
    /Dropout.forward\(\): x is "x"/,
  );
});
