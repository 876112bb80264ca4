/**
 * The perplexity search against sklearn's bisection as written
 * (`_binary_search_perplexity`, every step computed): the same P, bit for
 * bit, on rows of every kind (spread and tight distances, ties, zeros, rows
 * that never converge), and how many passes it saves.
 */

import assert from "node:assert/strict";
import { perplexityRows } from "../../src/viz/_affinities.ts";

/** sklearn's loop, step for step (the oracle). */
function sklearnRows(dist: Float32Array, n: number, cols: number, perplexity: number) {
  const p = new Float64Array(n * cols), desired = Math.log(perplexity);
  for (let i = 0; i < n; i++) {
    const row = i * cols, using = cols < n;
    let betaMin = -Infinity, betaMax = Infinity, beta = 1;
    for (let step = 0; step < 100; step++) {
      let sumP = 0;
      for (let j = 0; j < cols; j++) {
        if (j !== i || using) sumP += p[row + j] = Math.exp(-dist[row + j] * beta);
      }
      if (sumP === 0) sumP = 1e-8;
      let sumDistP = 0;
      for (let j = 0; j < cols; j++) {
        p[row + j] /= sumP;
        sumDistP += dist[row + j] * p[row + j];
      }
      const diff = Math.log(sumP) + beta * sumDistP - desired;
      if (Math.abs(diff) <= 1e-5) break;
      if (diff > 0) {
        betaMin = beta;
        beta = betaMax === Infinity ? beta * 2 : (beta + betaMax) / 2;
      } else {
        betaMax = beta;
        beta = betaMin === -Infinity ? beta / 2 : (beta + betaMin) / 2;
      }
    }
  }
  return p;
}

/** mulberry32: deterministic uniforms. */
function uniforms(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("perplexityRows() gives sklearn's bisection's P bit for bit on rows of every kind", () => {
  const u = uniforms(7), n = 960, k = 31;
  const kinds = [
    () => 500 + 500 * u(), // exp(−d·β) subnormal near the root at a small perplexity
    () => (u() < 0.1 ? u() : 50 + 400 * u()), // a few near, the rest far
    () => 200 + 60 * u(), // the bench's: far, similar distances
    () => u() * u() * 5, // near and spread
    () => Math.floor(u() * 4), // ties and zeros
    () => 1e-3 * u(), // tight: large β
    () => 1e4 * u() ** 3, // wide: small β
    () => 3, // all equal: never converges (100 steps)
  ];
  for (const perplexity of [1.5, 2, 5, 10, 30]) {
    const dist = Float32Array.from(
      { length: n * k },
      (_, t) => kinds[Math.floor(t / k) % kinds.length](),
    );
    const want = sklearnRows(dist, n, k, perplexity), got = new Float64Array(n * k);
    perplexityRows(dist, n, k, perplexity, got, 0, n);
    const at = got.findIndex((v, t) => !Object.is(v, want[t]));
    assert.equal(
      at,
      -1,
      `perplexity ${perplexity}: p[${at}] is ${got[at]} but must be ${want[at]}`,
    );
  }
  // The dense form (the point itself in column i, left at 0).
  const dense = Float32Array.from({ length: 60 * 60 }, (_, t) => (t % 61 === 0 ? 0 : 1 + 9 * u()));
  const got = new Float64Array(3600);
  perplexityRows(dense, 60, 60, 5, got, 0, 60);
  assert.deepEqual([...got], [...sklearnRows(dense, 60, 60, 5)]);
});
