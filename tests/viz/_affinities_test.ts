/**
 * The perplexity search against sklearn's bisection as written
 * (`_binary_search_perplexity`, every step computed): the same P, bit for
 * bit, on rows of every kind (spread and tight distances, ties, zeros, rows
 * that never converge), and how many passes it saves; the symmetrised P
 * against a dense reference.
 */

import assert from "node:assert/strict";
import { perplexityRows, symmetricP } from "../../src/viz/_affinities.ts";

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

Deno.test("symmetricP() is (P + Pᵀ) / ΣP over a dense P, summed row by row in column order", () => {
  const n = 60, k = 7;
  let a = 3;
  const u = () => (a = (a * 16807) % 2147483647) / 2147483647;
  // Each row's k distinct neighbours (not itself) in a shuffled order, and their P.
  const neighbors = new Int32Array(n * k), cond = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const others = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
    others.sort(() => u() - 0.5);
    for (let e = 0; e < k; e++) {
      neighbors[i * k + e] = i % 5 === 0 ? (i + 1 + e) % n : others[e]; // some rows near-mutual
      cond[i * k + e] = u() / k;
    }
  }
  const dense = new Float64Array(n * n), has = new Uint8Array(n * n);
  for (let t = 0; t < n * k; t++) {
    const i = Math.floor(t / k), j = neighbors[t];
    dense[i * n + j] = cond[t];
    has[i * n + j] = 1;
  }
  // The entry (i, j) is P[i|j] + P[j|i] with the lower row's term first; ΣP in that order.
  const cols: number[] = [], sums: number[] = [], ptr = [0];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const here = has[i * n + j] === 1, there = has[j * n + i] === 1;
      if (!here && !there) continue;
      const terms = here && there
        ? (j < i ? [dense[j * n + i], dense[i * n + j]] : [dense[i * n + j], dense[j * n + i]])
        : [here ? dense[i * n + j] : dense[j * n + i]];
      cols.push(j);
      sums.push(terms.length === 2 ? terms[0] + terms[1] : terms[0]);
      for (const v of terms) sum += v;
    }
    ptr.push(cols.length);
  }
  const p = symmetricP(neighbors, cond, n, k);
  assert.deepEqual([...p.indptr], ptr);
  assert.deepEqual([...p.indices], cols);
  assert.deepEqual([...p.values], sums.map((v) => v / sum));
});
