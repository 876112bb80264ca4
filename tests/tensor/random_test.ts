/**
 * In-place fills store exactly what loops over the generator would, and
 * leave it where they would; `normal()` is the stream of the independent
 * implementation in tests/fixtures/gen_normal_stream.py on every engine, and
 * its values are N(0, 1).
 */

import { fillNormal, fillUniform, Random } from "../../src/tensor/random.ts";
import { assertBitwise } from "../_helpers.ts";
import assert from "node:assert/strict";
import { assertBinomial } from "../_stats.ts";
import normalStream from "../fixtures/normal_stream.json" with { type: "json" };

for (const n of [0, 1, 2, 7, 1000, 4097]) {
  for (const pending of [false, true]) {
    Deno.test(`fillNormal() of ${n} values${pending ? " after a pending spare" : ""} equals normal() calls`, () => {
      const a = new Random(5), b = new Random(5);
      if (pending) a.normal(), b.normal(); // leaves the second value of a pair
      const want = new Float32Array(n), got = new Float32Array(n);
      for (let i = 0; i < n; i++) want[i] = 0.5 + 2 * a.normal();
      fillNormal(b, got, 0.5, 2);
      assertBitwise(got, want);
      assert.deepEqual([b.normal(), b.normal(), b.uniform()], [
        a.normal(),
        a.normal(),
        a.uniform(),
      ]);
    });
  }
  Deno.test(`fillUniform() of ${n} values equals uniform() calls`, () => {
    const a = new Random(9), b = new Random(9);
    const want = new Float64Array(n), got = new Float64Array(n);
    for (let i = 0; i < n; i++) want[i] = -1 + 3 * a.uniform();
    fillUniform(b, got, -1, 3);
    assertBitwise(got, want);
    assert.equal(b.nextUint32(), a.nextUint32());
  });
}

/** A float64 as the 16 hex digits of its bits. */
function hexBits(x: number): string {
  const f = new Float64Array([x]);
  return new BigUint64Array(f.buffer)[0].toString(16).padStart(16, "0");
}

Deno.test("normal() equals, bit for bit, the stream of an independent CPython implementation (the same on every engine)", () => {
  for (const { seed, bits } of normalStream.streams) {
    const g = new Random(seed);
    const got = bits.map(() => hexBits(g.normal()));
    assert.deepEqual(got, bits, `seed ${seed}`);
  }
});

/** The standard normal CDF on a grid of step h over [-8, 8], by Simpson's rule on exp(-x²/2). */
function normalCdfGrid(h: number): (x: number) => number {
  const n = Math.round(16 / h),
    cdf = new Float64Array(n + 1),
    pdf = (x: number) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  for (let i = 1; i <= n; i++) {
    const a = -8 + (i - 1) * h;
    cdf[i] = cdf[i - 1] + (h / 6) * (pdf(a) + 4 * pdf(a + h / 2) + pdf(a + h));
  }
  return (x) => {
    const t = Math.min(Math.max((x + 8) / h, 0), n - 1e-9), i = Math.floor(t);
    return cdf[i] + (t - i) * (cdf[i + 1] - cdf[i]);
  };
}

Deno.test("fillNormal() of 2^20 float32 values has mean 0, variance 1 and passes a Kolmogorov–Smirnov test against N(0, 1)", () => {
  const n = 2 ** 20, x = new Float32Array(n);
  fillNormal(new Random(2026), x);
  let mean = 0, sq = 0;
  for (const v of x) mean += v;
  mean /= n;
  for (const v of x) sq += (v - mean) ** 2;
  const variance = sq / (n - 1);
  // 5 standard errors: sd(mean) = 1/sqrt(n), sd(variance) = sqrt(2/n).
  assert.ok(Math.abs(mean) < 5 / Math.sqrt(n), `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 5 * Math.sqrt(2 / n), `variance ${variance}`);
  const cdf = normalCdfGrid(1 / 512), sorted = Float64Array.from(x).sort();
  let d = 0;
  for (let i = 0; i < n; i++) {
    const p = cdf(sorted[i]);
    d = Math.max(d, Math.abs(p - i / n), Math.abs(p - (i + 1) / n));
  }
  // The 1% critical value of the statistic is 1.63 / sqrt(n).
  assert.ok(d < 1.63 / Math.sqrt(n), `KS statistic ${d}`);
  // Tails: P(|z| > 3) = 0.0026998.
  assertBinomial(x.filter((v) => Math.abs(v) > 3).length, n, 0.0026997960632601866);
});
