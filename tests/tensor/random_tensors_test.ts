/** Seeded random tensors: randn() and randUniform(). */

import assert from "node:assert/strict";
import { manualSeed, randn, Random, randUniform } from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean } from "../_helpers.ts";

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
    /^manualSeed\(\): seed is NaN but must be a safe integer$/,
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
    /^randn\(\): seed is Infinity but must be a safe integer$/,
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

Deno.test("Random(), manualSeed() and seed options reject seeds that are not safe integers", () => {
  const bad: [unknown, string][] = [
    [NaN, "NaN"],
    [Infinity, "Infinity"],
    [-Infinity, "-Infinity"],
    [1.5, "1.5"],
    [2 ** 53, "9007199254740992"],
    [5n, "5n"],
    ["3", '"3"'],
  ];
  for (const [seed, shown] of bad) {
    const tail = `seed is ${shown} but must be a safe integer$`;
    assertThrowsClean(
      () => new Random(seed as number),
      TypeError,
      new RegExp(`^Random\\(\\): ${tail}`),
    );
    assertThrowsClean(
      () => manualSeed(seed as number),
      TypeError,
      new RegExp(`^manualSeed\\(\\): ${tail}`),
    );
    assertThrowsClean(
      () => randn([2], { seed: seed as number }),
      TypeError,
      new RegExp(`^randn\\(\\): ${tail}`),
    );
  }
  assert.equal(new Random(-7).nextUint32(), new Random(-7).nextUint32());
});

Deno.test("randn() and randUniform() reject non-object options and unknown keys", () => {
  assertThrowsClean(
    () => randn([2], null as never),
    TypeError,
    /^randn\(\): options is null but must be an object$/,
  );
  assertThrowsClean(
    () => randUniform([2], 5 as never),
    TypeError,
    /^randUniform\(\): options is 5 but must be an object$/,
  );
  assertThrowsClean(
    () => randn([2], { stddev: 1 } as never),
    TypeError,
    /^randn\(\): unknown option stddev \(known options: seed, mean, std\)$/,
  );
  assertThrowsClean(
    () => randn([2], { std: -1 }),
    RangeError,
    /^randn\(\): std is -1 but must be non-negative$/,
  );
});

Deno.test("randn() and randUniform() store exactly the generator's stream", () => {
  const loop = (f: (g: Random) => number) => {
    const g = new Random(13);
    return Float32Array.from({ length: 999 }, () => f(g));
  };
  assertBitwise(
    randn([999], { seed: 13, mean: -2, std: 0.5 }).dataSync(),
    loop((g) => -2 + 0.5 * g.normal()),
  );
  assertBitwise(
    randUniform([999], { seed: 13, low: -3, high: 4 }).dataSync(),
    loop((g) => -3 + 7 * g.uniform()),
  );
});
