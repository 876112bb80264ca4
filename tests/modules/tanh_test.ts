/** Tests of the `Tanh` module: forward, printout, no parameters, errors. */

import assert from "node:assert/strict";
import { Tanh, tanh, tensor } from "../../mod.ts";
import { assertBitwise, assertThrowsClean, rng, snapshot } from "../_helpers.ts";

Deno.test("Tanh.forward() is tanh() elementwise, any shape", () => {
  const r = rng(1);
  const x = tensor(new Float32Array(60).map(() => r() * 8 - 4), { shape: [3, 4, 5] });
  const y = new Tanh().forward(x);
  assert.deepEqual(y.shape, [3, 4, 5]);
  assertBitwise(y.dataSync(), snapshot(tanh(x)));
});

Deno.test("Tanh prints as PyTorch's, has no parameters and follows train()/eval()", () => {
  const layer = new Tanh();
  assert.equal(layer.toString(), "Tanh()");
  assert.deepEqual([layer.namedParameters(), layer.stateDict(), layer.children()], [[], {}, []]);
  assert.equal(layer.eval().training, false);
});

Deno.test("Tanh.forward() rejects non-numeric input, naming the op", () => {
  assertThrowsClean(() => new Tanh().forward("x" as never), TypeError, /^tanh\(\): x is "x"/);
});
