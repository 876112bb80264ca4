/** Tests of the `ReLU` module: forward, printout, no parameters, errors. */

import assert from "node:assert/strict";
import { ReLU, relu, tensor } from "../../mod.ts";
import { assertBitwise, assertThrowsClean, rng, snapshot } from "../_helpers.ts";

Deno.test("ReLU.forward() is relu() elementwise, any shape", () => {
  const r = rng(1);
  const x = tensor(new Float32Array(60).map(() => r() * 8 - 4), { shape: [3, 4, 5] });
  const y = new ReLU().forward(x);
  assert.deepEqual(y.shape, [3, 4, 5]);
  assertBitwise(y.dataSync(), snapshot(relu(x)));
  assertBitwise(y.dataSync(), snapshot(x).map((v) => (v > 0 ? v : 0)));
});

Deno.test("ReLU prints as PyTorch's, has no parameters and follows train()/eval()", () => {
  const layer = new ReLU();
  assert.equal(layer.toString(), "ReLU()");
  assert.deepEqual([layer.namedParameters(), layer.stateDict(), layer.children()], [[], {}, []]);
  assert.equal(layer.eval().training, false);
});

Deno.test("ReLU.forward() rejects non-numeric input, naming the op", () => {
  assertThrowsClean(() => new ReLU().forward("x" as never), TypeError, /^relu\(\): x is "x"/);
});
