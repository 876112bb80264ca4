/**
 * The Wasm dot products of the nearest-neighbour search against the JS
 * reference (`nearestNeighbors(m, k, false)`): the same sums in the same
 * order, so the same neighbours and the same distance bits.
 */

import assert from "node:assert/strict";
import { nearestNeighbors } from "../../src/viz/_neighbors.ts";
import { PairDots } from "../../src/viz/_wasm_dots.ts";

function matrix(rows: number, cols: number) {
  const data = Float64Array.from(
    { length: rows * cols },
    (_, t) => Math.fround(Math.sin(t * 12.9898) * 43758.5453 % 3),
  );
  // A few repeated rows, so ties in distance occur.
  for (let r = 5; r < rows; r += 9) data.copyWithin(r * cols, (r - 5) * cols, (r - 4) * cols);
  return { data, rows, cols };
}

Deno.test("nearestNeighbors() on the Wasm pair dots equals the JS reference (odd and even sizes)", () => {
  for (const [rows, cols, k] of [[101, 100, 12], [64, 7, 5], [9, 3, 8], [2, 1, 1]]) {
    const m = matrix(rows, cols);
    assert.deepEqual(nearestNeighbors(m, k), nearestNeighbors(m, k, false), `${rows} × ${cols}`);
  }
});

Deno.test("PairDots.row() gives row i's dot products with the rows after it", () => {
  const m = matrix(7, 6), dots = new PairDots(m.data, 7, 6);
  for (const i of [0, 3, 4, 6]) {
    dots.row(i);
    for (let r = i + 1; r < 7; r++) {
      let dot = 0;
      for (let j = 0; j < 4; j += 4) {
        const [a, b] = [m.data.subarray(i * 6), m.data.subarray(r * 6)];
        dot += a[j] * b[j] + a[j + 1] * b[j + 1] + a[j + 2] * b[j + 2] + a[j + 3] * b[j + 3];
      }
      for (let j = 4; j < 6; j++) dot += m.data[i * 6 + j] * m.data[r * 6 + j];
      assert.equal(dots.out[r], dot, `row ${i} · row ${r}`);
    }
  }
  dots.dispose();
});
