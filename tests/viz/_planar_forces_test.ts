/**
 * The float32 2-D forces against float64 sums computed naively (every pair
 * for the repulsion at angle 0, every P entry for the attraction): equal to
 * float32 precision, and float32 values themselves.
 */

import assert from "node:assert/strict";
import { attractionPlanar, repulsionPlanar } from "../../src/viz/_planar_forces.ts";
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
