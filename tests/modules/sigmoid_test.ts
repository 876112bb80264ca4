/** Tests of the `Sigmoid` module: forward, printout, no parameters, errors. */

import assert from "node:assert/strict";
import { Sigmoid, sigmoid, tensor } from "../../mod.ts";
import { assertBitwise, assertThrowsClean, rng, snapshot } from "../_helpers.ts";

Deno.test("Sigmoid.forward() is sigmoid() elementwise, any shape", () => {
  const r = rng(1);
  const x = tensor(new Float32Array(60).map(() => r() * 8 - 4), { shape: [3, 4, 5] });
  const y = new Sigmoid().forward(x);
  assert.deepEqual(y.shape, [3, 4, 5]);
  assertBitwise(y.dataSync(), snapshot(sigmoid(x)));
});

Deno.test("Sigmoid prints as PyTorch's, has no parameters and follows train()/eval()", () => {
  const layer = new Sigmoid();
  assert.equal(layer.toString(), "Sigmoid()");
  assert.deepEqual([layer.namedParameters(), layer.stateDict(), layer.children()], [[], {}, []]);
  assert.equal(layer.eval().training, false);
});

Deno.test("Sigmoid.forward() rejects non-numeric input, naming the op", () => {
  assertThrowsClean(() => new Sigmoid().forward("x" as never), TypeError, /^sigmoid\(\): x is "x"/);
});
