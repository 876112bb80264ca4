/**
 * The nearest-neighbour search against a naive scan: every row's squared
 * distances to all others (`pairwiseSquared`, the same sums), sorted by
 * distance and then index, the first k kept. Points on a small integer grid
 * give many exact ties, which must go to the lower index.
 */

import assert from "node:assert/strict";
import { mergeRow, nearestNeighbors, pairwiseSquared } from "../../src/viz/_neighbors.ts";

/** Row i's k nearest other rows by (distance, index), from all pairwise distances. */
function naive(m: { data: Float64Array; rows: number; cols: number }, k: number) {
  const n = m.rows, all = pairwiseSquared(m);
  const indices: number[] = [], distances: number[] = [];
  for (let i = 0; i < n; i++) {
    const others = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
    others.sort((a, b) => all[i * n + a] - all[i * n + b] || a - b);
    for (const j of others.slice(0, k)) {
      indices.push(j);
      distances.push(all[i * n + j]);
    }
  }
  return { indices: Int32Array.from(indices), distances: Float64Array.from(distances) };
}

Deno.test("nearestNeighbors() keeps each row's k nearest by (distance, index), ties to the lower index", () => {
  // Grid points (many equal distances), some repeated, in a scrambled order.
  for (const [rows, cols, k] of [[150, 2, 9], [97, 3, 31], [40, 1, 39], [12, 4, 1]]) {
    const data = Float64Array.from(
      { length: rows * cols },
      (_, t) => ((Math.floor(t / cols) * 7919) % 13 + (t % cols) * 3) % 5,
    );
    const m = { data, rows, cols };
    const want = naive(m, k);
    for (const wasm of [true, false]) {
      assert.deepEqual(
        nearestNeighbors(m, k, wasm),
        want,
        `${rows} × ${cols}, k ${k}, wasm ${wasm}`,
      );
    }
  }
});

Deno.test("mergeRow() takes a row's k nearest by (distance, index) from its sorted heaps", () => {
  // Row 1 of k = 4: candidates dealt to three heaps of unequal counts, with equal distances.
  const k = 4, all = [[7, 2], [3, 1], [5, 2], [9, 1], [2, 3], [8, 0.5], [4, 2]];
  const deal = [[0, 3], [1, 4, 5], [2, 6]];
  const heaps = deal.map((picks) => {
    const rows = picks.map((t) => all[t]).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    const counts = Int32Array.of(0, Math.min(k, rows.length));
    const indices = new Int32Array(2 * k), distances = new Float64Array(2 * k);
    rows.slice(0, k).forEach(([r, d], e) => [indices[k + e], distances[k + e]] = [r, d]);
    return { indices, distances, counts };
  });
  const out = { indices: new Int32Array(2 * k), distances: new Float64Array(2 * k) };
  mergeRow(heaps, out, 1, k, new Int32Array(3));
  const want = [...all].sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, k);
  assert.deepEqual([...out.indices.subarray(k)], want.map(([r]) => r));
  assert.deepEqual([...out.distances.subarray(k)], want.map(([, d]) => d));
});
