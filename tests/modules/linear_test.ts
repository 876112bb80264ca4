/** Tests of the `Linear` module: layout, PyTorch's initialisation, forward, gradients and errors. */

import assert from "node:assert/strict";
import { Linear, manualSeed, Random, sum, type Tensor, tensor } from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean, rng, snapshot } from "../_helpers.ts";

Deno.test("Linear() holds weight [out, in] and bias [out], float32, requiring gradients", () => {
  const layer = new Linear(5, 3, { seed: 0 });
  assert.deepEqual([layer.inFeatures, layer.outFeatures], [5, 3]);
  assert.deepEqual([layer.weight.shape, layer.bias?.shape], [[3, 5], [3]]);
  for (const t of [layer.weight, layer.bias!]) {
    assert.deepEqual([t.dtype, t.requiresGrad], ["float32", true]);
  }
  assert.deepEqual(layer.namedParameters(), [["weight", layer.weight], ["bias", layer.bias]]);
  const noBias = new Linear(5, 3, { bias: false, seed: 0 });
  assert.equal(noBias.bias, null);
  assert.deepEqual(noBias.namedParameters().map(([n]) => n), ["weight"]);
});

Deno.test("Linear() initialises weight and bias uniformly in ±1/√in, as PyTorch 1.13's reset_parameters", () => {
  const inF = 64, outF = 200, bound = 1 / Math.sqrt(inF);
  const layer = new Linear(inF, outF, { seed: 3 });
  for (
    const [name, values] of [["weight", snapshot(layer.weight)], [
      "bias",
      snapshot(layer.bias!),
    ]] as const
  ) {
    assert.ok(values.every((v) => Math.abs(v) <= bound), `${name} within ±${bound}`);
    const max = Math.max(...values.map(Math.abs));
    assert.ok(max > bound * (name === "weight" ? 0.999 : 0.9), `${name} spans the range: ${max}`);
  }
  // U(-b, b) has mean 0 and variance b²/3; 12,800 draws: mean within 5 standard errors.
  const w = snapshot(layer.weight), n = w.length;
  const mean = w.reduce((a, b) => a + b, 0) / n;
  const variance = w.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
  assert.ok(Math.abs(mean) < 5 * Math.sqrt(bound ** 2 / 3 / n), `mean ${mean}`);
  assert.ok(Math.abs(variance / (bound ** 2 / 3) - 1) < 0.05, `variance ${variance}`);
});

Deno.test("Linear() draws the weight, then the bias, from the seed's stream", () => {
  const inF = 3, outF = 2, bound = 1 / Math.sqrt(inF);
  const g = new Random(11);
  const draws = Array.from(
    { length: inF * outF + outF },
    () => Math.fround(-bound + 2 * bound * g.uniform()),
  );
  const layer = new Linear(inF, outF, { seed: 11 });
  assertBitwise(snapshot(layer.weight), draws.slice(0, inF * outF));
  assertBitwise(snapshot(layer.bias!), draws.slice(inF * outF));
});

Deno.test("Linear() is deterministic by seed, and follows manualSeed() without one", () => {
  assert.deepEqual(
    snapshot(new Linear(4, 4, { seed: 1 }).weight),
    snapshot(new Linear(4, 4, { seed: 1 }).weight),
  );
  assert.notDeepEqual(
    snapshot(new Linear(4, 4, { seed: 1 }).weight),
    snapshot(new Linear(4, 4, { seed: 2 }).weight),
  );
  manualSeed(5);
  const a = snapshot(new Linear(4, 4).weight);
  manualSeed(5);
  assert.deepEqual(snapshot(new Linear(4, 4).weight), a);
});

Deno.test("Linear(0, n) has an empty weight and a zero bias, as PyTorch's bound 0", () => {
  const layer = new Linear(0, 3, { seed: 0 });
  assert.deepEqual([layer.weight.shape, snapshot(layer.bias!)], [[3, 0], [0, 0, 0]]);
  assertBitwise(layer.forward(tensor(new Float32Array(0), { shape: [2, 0] })).dataSync(), [
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
});

Deno.test("Linear.forward() computes x·Wᵀ + b over the last dim, batched", () => {
  const r = rng(7), inF = 5, outF = 4;
  const layer = new Linear(inF, outF, { seed: 2 });
  const x = Array.from({ length: 2 * 3 * inF }, () => r() * 2 - 1);
  const out = layer.forward(tensor(new Float32Array(x), { shape: [2, 3, inF] }));
  assert.deepEqual(out.shape, [2, 3, outF]);
  const w = snapshot(layer.weight), b = snapshot(layer.bias!);
  const expected: number[] = [];
  for (let row = 0; row < 6; row++) {
    for (let o = 0; o < outF; o++) {
      let acc = b[o];
      for (let i = 0; i < inF; i++) acc += Math.fround(x[row * inF + i]) * w[o * inF + i];
      expected.push(acc);
    }
  }
  assertAllClose(out.dataSync(), expected, { rtol: 1e-5, atol: 1e-6 });
  const noBias = new Linear(2, 1, { bias: false, seed: 0 });
  noBias.loadStateDict({ weight: [[2, -1]] });
  assertBitwise(noBias.forward([[3, 4]]).dataSync(), [2]);
});

Deno.test("Linear: backward() gives the gradients of sum(x·Wᵀ + b)", async () => {
  const layer = new Linear(2, 3, { seed: 0 });
  await sum(layer.forward([[1, 2], [3, 5]])).backward();
  assertBitwise((layer.weight.grad as Tensor).dataSync(), [4, 7, 4, 7, 4, 7]);
  assertBitwise((layer.bias!.grad as Tensor).dataSync(), [2, 2, 2]);
});

Deno.test("Linear() and forward() reject bad sizes, options and inputs, naming themselves", () => {
  assertThrowsClean(
    () => new Linear(1.5, 2),
    TypeError,
    /^Linear\(\): inFeatures is 1.5 but must be an integer$/,
  );
  assertThrowsClean(() => new Linear(2, "3" as never), TypeError, /outFeatures is "3"/);
  assertThrowsClean(
    () => new Linear(-1, 2),
    RangeError,
    /^Linear\(\): inFeatures is -1 but must lie in/,
  );
  assertThrowsClean(() => new Linear(2, 2, { bias: 1 } as never), TypeError, /Linear\(\).*bias/);
  assertThrowsClean(() => new Linear(2, 2, { sed: 1 } as never), TypeError, /Linear\(\).*sed/);
  assertThrowsClean(() => new Linear(2, 2, { seed: 0.5 }), TypeError, /Linear\(\).*seed/);
  const layer = new Linear(3, 2, { seed: 0 });
  assertThrowsClean(() => layer.forward([[1, 2]]), TypeError, /linear\(\)/, [layer.weight]);
  assertThrowsClean(
    () => layer.forward(tensor([1, 2, 3], { dtype: "int32" })),
    TypeError,
    /x is an int32 tensor but must be float32/,
  );
});
