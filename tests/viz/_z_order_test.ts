/**
 * The Z-order against a comparison sort of the Morton codes computed the
 * plain way (bits interleaved one by one), ties (duplicates, points in one
 * grid cell) by index.
 */

import assert from "node:assert/strict";
import { zOrder } from "../../src/viz/_z_order.ts";

/** The order by (Morton code of the 13-bit grid cell, index), naively. */
function naive(px: Float64Array, py: Float64Array, n: number): number[] {
  const [x0, x1] = [Math.min(...px), Math.max(...px)],
    [y0, y1] = [Math.min(...py), Math.max(...py)];
  const top = 8191,
    cell = (v: number, lo: number, hi: number) =>
      hi > lo ? Math.min(top, Math.max(0, Math.floor((v - lo) * (top / (hi - lo))))) : 0;
  const code = (i: number) => {
    const gx = cell(px[i], x0, x1), gy = cell(py[i], y0, y1);
    let c = 0;
    for (let b = 12; b >= 0; b--) c = c * 4 + ((gx >> b) & 1) * 2 + ((gy >> b) & 1);
    return c;
  };
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => code(a) - code(b) || a - b);
}

Deno.test("zOrder() sorts the points by Morton code, ties by index", () => {
  let a = 11;
  const u = () => (a = (a * 16807) % 2147483647) / 2147483647;
  for (const n of [1, 2, 7, 500, 3001]) {
    const px = new Float64Array(n), py = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      px[i] = i % 9 === 4 ? px[i - 1] : (u() - 0.5) * 40 * u(); // duplicates
      py[i] = i % 9 === 4 ? py[i - 1] : i % 13 === 0 ? 1e-9 * u() : (u() - 0.5) * 3;
    }
    const keys = new Float64Array(n), order = new Int32Array(n);
    zOrder(px, py, n, keys, order);
    assert.deepEqual([...order], naive(px, py, n), `n = ${n}`);
  }
  // All points on a vertical line (one axis constant).
  const px = new Float64Array(40).fill(2),
    py = Float64Array.from({ length: 40 }, (_, i) => (i * 7) % 40);
  const order = new Int32Array(40);
  zOrder(px, py, 40, new Float64Array(40), order);
  assert.deepEqual([...order], naive(px, py, 40));
});

Deno.test("zOrder() from an earlier order gives the same order (insertion, or a full sort past its budget)", () => {
  let a = 5;
  const u = () => (a = (a * 16807) % 2147483647) / 2147483647;
  const n = 2000, px = new Float64Array(n), py = new Float64Array(n);
  for (let i = 0; i < n; i++) [px[i], py[i]] = [(u() - 0.5) * 30, (u() - 0.5) * 20];
  const keys = new Float64Array(n), order = new Int32Array(n);
  zOrder(px, py, n, keys, order);
  // The points move a little (few keys move), then a lot (the insertion budget runs out).
  for (const step of [0.05, 40]) {
    for (let i = 0; i < n; i++) [px[i], py[i]] = [px[i] + step * (u() - 0.5), py[i] + step * u()];
    zOrder(px, py, n, keys, order, true);
    assert.deepEqual([...order], naive(px, py, n), `step ${step}`);
  }
  // Any permutation will do as the earlier order, duplicates included.
  px.fill(1, 0, 300);
  py.fill(-2, 0, 300);
  order.reverse();
  zOrder(px, py, n, keys, order, true);
  assert.deepEqual([...order], naive(px, py, n), "reversed");
});
