/** Tests of `tensor()`, `zeros()`, `randn()`, `randUniform()` and `manualSeed()`. */

import assert from "node:assert/strict";
import { manualSeed, randn, randUniform, tensor, zeros } from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean } from "../_helpers.ts";

Deno.test("tensor() infers shapes from nested arrays, numbers and typed arrays", () => {
  const cases: [unknown, number[], string][] = [
    [[[1, 2, 3], [4, 5, 6]], [2, 3], "float32"],
    [[[[1]], [[2]]], [2, 1, 1], "float32"],
    [4, [], "float32"],
    [[], [0], "float32"],
    [[[], []], [2, 0], "float32"],
    [new Float32Array(5), [5], "float32"],
    [new Float64Array(3), [3], "float32"],
    [new Int32Array(2), [2], "int32"],
  ];
  for (const [data, shape, dtype] of cases) {
    const t = tensor(data as never);
    assert.deepEqual([t.shape, t.dtype], [shape, dtype], JSON.stringify(data));
  }
});

Deno.test("tensor() rounds to float32 and copies its data once", () => {
  const src = new Float64Array([0.1, 1 / 3, 1e40, -1e-50]);
  const t = tensor(src);
  assertBitwise(t.dataSync(), Array.from(src, Math.fround));
  src[0] = 9;
  const nested = [[0.1, 0.2]];
  const u = tensor(nested);
  nested[0][0] = 9;
  assertBitwise(t.dataSync().subarray(0, 1), [Math.fround(0.1)]);
  assertBitwise(u.dataSync(), [Math.fround(0.1), Math.fround(0.2)]);
});

Deno.test("tensor() with dtype and shape options converts and reshapes", () => {
  const i = tensor([[1, -2], [3, 2 ** 31 - 1]], { dtype: "int32" });
  assert.equal(i.dtype, "int32");
  assert.deepEqual(Array.from(i.dataSync()), [1, -2, 3, 2 ** 31 - 1]);
  const r = tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] });
  assert.deepEqual(r.toArraySync(), [[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(tensor(new Int32Array([1, 2]), { dtype: "float32" }).dtype, "float32");
  assert.deepEqual(tensor([7], { shape: [] }).shape, []);
});

Deno.test("tensor() rejects ragged, non-numeric and out-of-range data", () => {
  const F = "^tensor\\(\\): ";
  const cases: [unknown, object, typeof TypeError, string][] = [
    [[[1, 2], [3]], {}, TypeError, "data\\[1\\] has length 1 but data\\[0\\] has length 2$"],
    [[[1, 2], 3], {}, TypeError, "data\\[1\\] is 3 but must be an array of length 2$"],
    [[1, [2]], {}, TypeError, "data\\[1\\] is an array of length 1 but must be a number$"],
    [[[1], ["a"]], {}, TypeError, 'data\\[1\\]\\[0\\] is "a" but must be a number$'],
    [[null], {}, TypeError, "data\\[0\\] is null but must be a number$"],
    [
      "x",
      {},
      TypeError,
      'data is "x" but must be a Float32Array, Int32Array, Float64Array, number or nested array$',
    ],
    [{ length: 1 }, {}, TypeError, "data is an object but must be"],
    [new Uint8Array(2), {}, TypeError, "data is a Uint8Array but must be"],
    [[1], { dtype: "float64" }, TypeError, 'dtype is "float64" but must be "float32" or "int32"$'],
    [
      [1, 2, 3],
      { shape: [2, 2] },
      TypeError,
      "shape \\[2,2\\] needs 4 elements but the data has 3$",
    ],
    [[1], { shape: "1" }, TypeError, 'shape is "1" but must be an array of integers$'],
    [[1], { shape: [1.5] }, TypeError, "shape\\[0\\] is 1\\.5 but must be an integer$"],
    [[], { shape: [-1] }, RangeError, "shape\\[0\\] is -1 but must be non-negative$"],
    [[0.5], { dtype: "int32" }, TypeError, "data\\[0\\] is 0\\.5 but int32 data must be integers$"],
    [
      [1, NaN],
      { dtype: "int32" },
      TypeError,
      "data\\[1\\] is NaN but int32 data must be integers$",
    ],
    [
      [2 ** 31],
      { dtype: "int32" },
      RangeError,
      "data\\[0\\] is 2147483648 but int32 values lie in \\[-2\\^31, 2\\^31\\)$",
    ],
    [
      new Float32Array([-(2 ** 31) - 256]),
      { dtype: "int32" },
      RangeError,
      "data\\[0\\] is -2147483904",
    ],
  ];
  for (const [data, options, ErrorClass, pattern] of cases) {
    assertThrowsClean(() => tensor(data as never, options), ErrorClass, new RegExp(F + pattern));
  }
});

Deno.test("zeros() makes zero tensors of any shape and dtype", () => {
  const z = zeros([2, 3]);
  assert.deepEqual([z.shape, z.dtype], [[2, 3], "float32"]);
  assertBitwise(z.dataSync(), new Float32Array(6));
  const i = zeros([4], { dtype: "int32" });
  assert.deepEqual([i.dtype, Array.from(i.dataSync())], ["int32", [0, 0, 0, 0]]);
  assert.deepEqual(zeros([]).toArraySync(), 0);
  assert.deepEqual(zeros([0, 5]).shape, [0, 5]);
  assertThrowsClean(
    () => zeros(3 as never),
    TypeError,
    /^zeros\(\): shape is 3 but must be an array of integers$/,
  );
  assertThrowsClean(
    () => zeros([2, -1]),
    RangeError,
    /^zeros\(\): shape\[1\] is -1 but must be non-negative$/,
  );
  assertThrowsClean(
    () => zeros([2], { dtype: "bool" as never }),
    TypeError,
    /^zeros\(\): dtype is "bool"/,
  );
});

Deno.test("randn() with a seed is reproducible and seeds differ", () => {
  const a = randn([4, 5], { seed: 7 }).dataSync();
  assertBitwise(randn([4, 5], { seed: 7 }).dataSync(), a);
  assertBitwise(randn([20], { seed: 7 }).dataSync(), a, "the stream does not depend on the shape");
  const b = randn([4, 5], { seed: 8 }).dataSync();
  assert.ok(a.every((x, i) => x !== b[i]));
});

Deno.test("randn() and randUniform() without a seed follow manualSeed(), which a seed option does not disturb", () => {
  manualSeed(123);
  const a = Array.from(randn([6]).dataSync()), u = Array.from(randUniform([3]).dataSync());
  manualSeed(123);
  randn([100], { seed: 5 });
  randUniform([100], { seed: 5 });
  assert.deepEqual(Array.from(randn([6]).dataSync()), a);
  assert.deepEqual(Array.from(randUniform([3]).dataSync()), u);
  const next = Array.from(randn([6]).dataSync());
  assert.notDeepEqual(next, a, "the global stream moves on");
  assertThrowsClean(
    () => manualSeed(NaN),
    TypeError,
    /^manualSeed\(\): seed is NaN but must be a finite number$/,
  );
});

Deno.test("randn() draws N(mean, std²): moments of 40,000 draws", () => {
  const n = 40_000;
  for (const [mean, std] of [[0, 1], [5, 0.5]]) {
    const x = randn([n], { seed: 11, mean, std }).dataSync();
    const m = x.reduce((a, b) => a + b, 0) / n;
    const s = Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1));
    // Standard errors: std/sqrt(n) = 0.005·std for the mean, about 0.0035·std for the std.
    assert.ok(Math.abs(m - mean) < 0.025 * std, `mean ${m}`);
    assert.ok(Math.abs(s - std) < 0.02 * std, `std ${s}`);
    const inside = x.filter((v) => Math.abs(v - mean) < std).length / n;
    assert.ok(Math.abs(inside - 0.6827) < 0.01, `P(|z| < 1) = ${inside}`);
  }
  // mean and std only shift and scale the same stream.
  const z = randn([8], { seed: 3 }).dataSync(),
    y = randn([8], { seed: 3, mean: 5, std: 0.5 }).dataSync();
  assertAllClose(y, Array.from(z, (v) => 5 + 0.5 * v), { rtol: 1e-6 });
});

Deno.test("randUniform() draws in [low, high) with a flat histogram", () => {
  const n = 40_000, low = -0.05, high = 0.05;
  const x = randUniform([n], { low, high, seed: 2 }).dataSync();
  assert.ok(x.every((v) => v >= Math.fround(low) && v <= Math.fround(high)));
  const bins = new Array(10).fill(0);
  for (const v of x) bins[Math.min(9, Math.floor(((v - low) / (high - low)) * 10))]++;
  assert.ok(bins.every((c) => Math.abs(c - n / 10) < 5 * Math.sqrt(n / 10)), `bins ${bins}`);
  assertBitwise(randUniform([3], { low: 2, high: 2, seed: 1 }).dataSync(), [2, 2, 2]);
  const d = randUniform([1000], { seed: 4 }).dataSync();
  assert.ok(d.every((v) => v >= 0 && v < 1), "default [0, 1)");
});

Deno.test("randn() and randUniform() reject bad parameters", () => {
  assertThrowsClean(
    () => randn([2], { std: -1 }),
    RangeError,
    /^randn\(\): std is -1 but must be non-negative$/,
  );
  assertThrowsClean(
    () => randn([2], { mean: NaN }),
    TypeError,
    /^randn\(\): mean is NaN but must be a finite number$/,
  );
  assertThrowsClean(
    () => randn([2], { seed: Infinity }),
    TypeError,
    /^randn\(\): seed is Infinity but must be a finite number$/,
  );
  assertThrowsClean(
    () => randn([-2]),
    RangeError,
    /^randn\(\): shape\[0\] is -2 but must be non-negative$/,
  );
  assertThrowsClean(
    () => randUniform([2], { low: 1, high: 0 }),
    RangeError,
    /^randUniform\(\): low is 1 but must not exceed high \(0\)$/,
  );
  assertThrowsClean(
    () => randUniform([2], { high: Infinity }),
    TypeError,
    /^randUniform\(\): high is Infinity but must be a finite number$/,
  );
  assertThrowsClean(() => randUniform("2" as never), TypeError, /^randUniform\(\): shape is "2"/);
});
