/** Tests of `symmetricP()`: sklearn's sparse joint P, against the dense definition. */

import assert from "node:assert/strict";
import { symmetricP } from "../../src/viz/_symmetric_p.ts";

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
