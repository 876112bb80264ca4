/**
 * The Wasm SIMD KL terms (`emitKl`, run through a state's kernels) against
 * `klTermsPlanar`, their JS reference: the same float64 operations in the
 * same order, so the same bits, on rows of every length (odd and even) with
 * values at the float32 floor, over clustered points with duplicates.
 */

import assert from "node:assert/strict";
import { klTermsPlanar } from "../../src/viz/_planar_forces.ts";
import { BarnesHutState } from "../../src/viz/_tsne_gradient.ts";

const n = 500;

Deno.test("emitKl() kernel gives klTermsPlanar()'s bits, on one range or several", () => {
  let a = 3;
  const u = () => (a = (a * 16807) % 2147483647) / 2147483647;
  const s = new BarnesHutState(n, 2);
  assert.ok(s.wasm);
  for (let i = 0; i < n; i++) {
    const c = i % 5;
    [s.px[i], s.py[i]] = [10 * Math.cos(c) + 2 * u(), 10 * Math.sin(c) + 2 * u()];
    if (i % 40 === 1) [s.px[i], s.py[i]] = [s.px[i - 1], s.py[i - 1]]; // duplicates: q = 1
  }
  const indptr = new Int32Array(n + 1), indices: number[] = [], values: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i % 9; k++) { // rows of 0 to 8 entries
      indices.push((i + 1 + k * 37) % n);
      values.push(k === 2 && i % 13 === 0 ? 1e-320 : (1 + Math.cos(i * k)) / (n * 5));
    }
    indptr[i + 1] = indices.length;
  }
  const p = { indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
  s.arena.attach(p);
  for (const sumQ of [1, 2345.25, 1e-3]) {
    const expected = new Float64Array(n);
    klTermsPlanar(p.indptr, p.indices, p.values, { ...s, kl: expected }, 0, n, sumQ);
    s.kl.fill(NaN);
    s.wasm.kl(0, 123, sumQ);
    s.wasm.kl(123, n, sumQ);
    assert.deepEqual(s.kl, expected, `Z ${sumQ}`);
    assert.ok(expected.every(Number.isFinite));
  }
  s.dispose();
});
