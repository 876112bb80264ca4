/**
 * The float32 2-D forces against float64 sums computed naively (every pair
 * for the repulsion at angle 0, every P entry for the attraction): equal to
 * float32 precision, and float32 values themselves; the KL terms and their
 * log against `Math.log`.
 */

import assert from "node:assert/strict";
import { logF64 } from "../../kernels/_math64.ts";
import { attractionPlanar, klTermsPlanar, repulsionPlanar } from "../../src/viz/_planar_forces.ts";
import { klTerms } from "../../src/viz/_barnes_hut_forces.ts";
import { BarnesHutState } from "../../src/viz/_tsne_gradient.ts";
import { assertAllClose } from "../_numeric.ts";

const n = 300;

/** A state over `n` scattered 2-D points (distinct), its tree built. */
function state(): BarnesHutState {
  let a = 7;
  const u = () => (a = (a * 16807) % 2147483647) / 2147483647;
  const s = new BarnesHutState(n, 2, { wasm: false });
  for (let i = 0; i < n; i++) [s.px[i], s.py[i]] = [8 * u() - 4 + (i % 3) * 5, 6 * u() - 3];
  s.tree.build(s.px, s.py, s.pz, n);
  return s;
}

const isFloat32 = (xs: Float64Array) => xs.every((v) => Math.fround(v) === v);

Deno.test("repulsionPlanar() at angle 0 is the float64 all-pairs sum to float32 precision", () => {
  const s = state();
  repulsionPlanar(s, 0, n, 0, 1);
  const fx = new Float64Array(n), fy = new Float64Array(n), z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = s.px[i] - s.px[j], dy = s.py[i] - s.py[j], q = 1 / (1 + dx * dx + dy * dy);
      z[i] += q;
      fx[i] += q * q * dx;
      fy[i] += q * q * dy;
    }
  }
  assertAllClose(s.sq, z, { rtol: 1e-5 });
  assertAllClose(s.nx, fx, { rtol: 1e-4, atol: 1e-5 });
  assertAllClose(s.ny, fy, { rtol: 1e-4, atol: 1e-5 });
  assert.ok(isFloat32(s.nx) && isFloat32(s.ny) && isFloat32(s.sq));
  s.dispose();
});

Deno.test("attractionPlanar() is the float64 sum over P to float32 precision", () => {
  const s = state();
  const indptr = new Int32Array(n + 1), indices: number[] = [], values: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let k = 1; k <= 5 + i % 7; k++) { // rows of 6 to 12 entries: every tail length
      indices.push((i + k * 13) % n);
      values.push((1 + Math.cos(i * k)) / (n * 10));
    }
    indptr[i + 1] = indices.length;
  }
  attractionPlanar(indptr, Int32Array.from(indices), Float64Array.from(values), s, 0, n);
  const fx = new Float64Array(n), fy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let e = indptr[i]; e < indptr[i + 1]; e++) {
      const j = indices[e], dx = s.px[i] - s.px[j], dy = s.py[i] - s.py[j];
      const m = values[e] / (1 + dx * dx + dy * dy);
      fx[i] += m * dx;
      fy[i] += m * dy;
    }
  }
  assertAllClose(s.ax, fx, { rtol: 1e-4, atol: 1e-9 });
  assertAllClose(s.ay, fy, { rtol: 1e-4, atol: 1e-9 });
  assert.ok(isFloat32(s.ax) && isFloat32(s.ay));
  s.dispose();
});

Deno.test("logF64(), the KL terms' log, is within an ulp of Math.log from the float32 floor to its reciprocal", () => {
  const view = new DataView(new ArrayBuffer(8));
  const bits = new BigInt64Array(2), pair = new Float64Array(bits.buffer);
  let a = 11, same = 0, count = 0;
  const r = () => (a = (a * 16807) % 2147483647) / 2147483647;
  const xs = [1, 2, 0.5, Math.SQRT2, Math.SQRT1_2, 1 + 2 ** -52, 1 - 2 ** -53, 2 ** -126, 2 ** 126];
  for (let t = 0; t < 20000; t++) xs.push(Math.exp(170 * (r() - 0.5)), 1 + (r() - 0.5) * 1e-6);
  for (const x of xs) {
    pair[0] = logF64(x, view);
    pair[1] = Math.log(x);
    const ulps = Number(bits[0] - bits[1]);
    assert.ok(Math.abs(ulps) <= 1, `log(${x}): ${pair[0]} against ${pair[1]}`);
    same += ulps === 0 ? 1 : 0;
    count++;
  }
  assert.ok(same > 0.9 * count, `${same} of ${count} the same`);
  assert.equal(logF64(1, view), 0);
});

Deno.test("klTermsPlanar() is sklearn's sum with Math.log (klTerms in 3-D form) to rounding", () => {
  const s = state(), z = new BarnesHutState(n, 3, { wasm: false });
  z.px.set(s.px), z.py.set(s.py); // pz stays 0: the same points, summed by the general path
  const indptr = new Int32Array(n + 1), indices: number[] = [], values: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let k = 1; k <= 4 + i % 5; k++) {
      indices.push((i * 7 + k * 29) % n);
      values.push(k === 3 && i % 11 === 0 ? 1e-300 : (1 + Math.sin(i + k)) / (n * 8));
    }
    indptr[i + 1] = indices.length;
  }
  const args = [indptr, Int32Array.from(indices), Float64Array.from(values)] as const;
  klTermsPlanar(...args, s, 0, n, 3456.5);
  klTerms(...args, z, 0, n, 1, 3456.5);
  assertAllClose(s.kl, z.kl, { rtol: 1e-14, atol: 1e-300 });
  // klTerms takes the 2-D path itself.
  const again = Float64Array.from(s.kl);
  klTerms(...args, s, 0, n, 1, 3456.5);
  assert.deepEqual(s.kl, again);
  s.dispose();
  z.dispose();
});
