/** Tests of Keras' `Dense`: kernel layout and initialisation, lazy build, forward, errors. */

import assert from "node:assert/strict";
import { Dense, tensor } from "../../mod.ts";
import { assertAllClose } from "../_numeric.ts";
import { assertThrowsClean } from "../_helpers.ts";

/** act(x·K + b) computed naively in float64. */
function naive(
  x: number[][],
  k: Float32Array,
  b: Float32Array,
  units: number,
  act: (v: number[]) => number[],
) {
  return x.flatMap((row) =>
    act(
      Array.from(
        { length: units },
        (_, j) => row.reduce((s, v, i) => s + v * k[i * units + j], b[j]),
      ),
    )
  );
}

Deno.test("Dense() stores the kernel [in, units], Glorot uniform within sqrt(6 / (in + units)), bias zeros", () => {
  const d = new Dense(30, { inputDim: 20, seed: 4 });
  assert.deepEqual(d.kernel!.shape, [20, 30]);
  assert.deepEqual(d.bias!.shape, [30]);
  const k = d.kernel!.dataSync(), limit = Math.sqrt(6 / 50);
  assert.ok(k.every((v) => Math.abs(v) <= limit));
  // Uniform on [-l, l]: variance l² / 3, checked loosely over 600 draws.
  const variance = k.reduce((s, v) => s + v * v, 0) / k.length;
  assert.ok(Math.abs(variance - limit ** 2 / 3) < 0.2 * limit ** 2 / 3, `variance ${variance}`);
  assert.ok(d.bias!.dataSync().every((v) => v === 0));
  assert.deepEqual(d.namedParameters().map(([n]) => n), ["kernel", "bias"]);
  assert.equal(new Dense(3, { useBias: false, inputDim: 2 }).parameters().length, 1);
});

Deno.test("Dense.forward() is activation(x · kernel + bias) for every activation, on any leading dims", async () => {
  const x = [[0.5, -1, 2], [1.5, 0.25, -0.75]];
  const acts: Record<string, (v: number[]) => number[]> = {
    linear: (v) => v,
    relu: (v) => v.map((a) => Math.max(a, 0)),
    sigmoid: (v) => v.map((a) => 1 / (1 + Math.exp(-a))),
    tanh: (v) => v.map(Math.tanh),
    softmax: (v) => {
      const e = v.map((a) => Math.exp(a - Math.max(...v)));
      return e.map((a) => a / e.reduce((s, b) => s + b, 0));
    },
  };
  for (const [name, act] of Object.entries(acts)) {
    const d = new Dense(4, { activation: name as "relu", biasInitializer: "uniform", seed: 1 });
    const y = d.forward(x);
    const want = naive(x, d.kernel!.dataSync(), d.bias!.dataSync(), 4, act);
    assertAllClose(await y.data(), want, { rtol: 1e-5, atol: 1e-6, msg: name });
    const y3 = d.forward(tensor([x, x]));
    assert.deepEqual(y3.shape, [2, 2, 4]);
    assertAllClose(await y3.data(), [...want, ...want], { rtol: 1e-5, atol: 1e-6, msg: name });
  }
});

Deno.test("Dense builds on first use and then takes only that width", () => {
  const d = new Dense(2, { seed: 0 });
  assert.equal(d.kernel, null);
  assert.deepEqual(d.parameters(), []);
  d.forward([[1, 2, 3]]);
  assert.deepEqual(d.kernel!.shape, [3, 2]);
  const k = Array.from(d.kernel!.dataSync());
  assertThrowsClean(
    () => d.forward([[1, 2]]),
    TypeError,
    /^Dense\.forward\(\): x has shape \[1,2\] but the layer takes inputs of width 3$/,
    [d.kernel!],
  );
  assertThrowsClean(
    () => d.build(4),
    TypeError,
    /^Dense\.build\(\): inputDim is 4 but the layer was built for 3$/,
  );
  d.build(3); // same width: nothing changes
  assert.deepEqual(Array.from(d.kernel!.dataSync()), k);
  assert.equal(
    new Dense(2, { seed: 0 }).toString(),
    "Dense(units=2, activation=linear, use_bias=True)",
  );
});

Deno.test("Dense() rejects bad units, options and initializers naming itself", () => {
  assertThrowsClean(
    () => new Dense(0),
    RangeError,
    /^Dense\(\): units is 0 but must lie in \[1, 2\^31 - 1\]$/,
  );
  assertThrowsClean(
    () => new Dense(1.5),
    TypeError,
    /^Dense\(\): units is 1\.5 but must be an integer$/,
  );
  assertThrowsClean(
    () => new Dense(2, { activation: "gelu" as "relu" }),
    TypeError,
    /^Dense\(\): activation/,
  );
  assertThrowsClean(
    () => new Dense(2, { kernel_initializer: "zeros" } as never),
    TypeError,
    /did you mean kernelInitializer/,
  );
  assertThrowsClean(
    () => new Dense(2, { kernelInitializer: "glorot" as "zeros" }),
    TypeError,
    /^Dense\(\): kernelInitializer is "glorot" but must be a function or one of/,
  );
  assertThrowsClean(
    () => new Dense(2, { biasInitializer: "hasOwnProperty" as "zeros" }),
    TypeError,
    /^Dense\(\): biasInitializer is "hasOwnProperty" but must be/,
  );
  assertThrowsClean(() => new Dense(2).build(0), RangeError, /^Dense\.build\(\): inputDim is 0/);
  assertThrowsClean(() => new Dense(2).forward(3 as never), TypeError, /^Dense\.forward\(\)/);
});
