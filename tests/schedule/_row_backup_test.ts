/**
 * The undo copy of `maxNorm`'s in-place update saves each distinct row once:
 * its size follows the table and the distinct indices, not the index count.
 */

import assert from "node:assert/strict";
import { makeHeap } from "../../src/memory/arena.ts";
import { backupRows, distinctRows } from "../../src/schedule/_row_backup.ts";
import { rng } from "../_numeric.ts";

/** First-seen distinct values in range: the naive reference. */
function naiveDistinct(ids: ArrayLike<number>, V: number): number[] {
  const seen = new Set<number>();
  for (let j = 0; j < ids.length; j++) if (ids[j] >= 0 && ids[j] < V) seen.add(ids[j]);
  return [...seen];
}

Deno.test("distinctRows() finds each row once, in first-seen order, on both paths", () => {
  const r = rng(3);
  for (const [n, V] of [[0, 5], [1, 1], [200, 10], [50, 100_000], [1000, 2 ** 30]]) {
    const ids = Int32Array.from({ length: n }, () => Math.floor(r() * Math.min(V, 4 * n + 1)));
    assert.deepEqual(
      Array.from(distinctRows(ids, 0, n, V)),
      naiveDistinct(ids, V),
      `n=${n} V=${V}`,
    );
  }
  // Indices outside the table (changed after validation) are not rows: skipped.
  const odd = Int32Array.of(3, -1, 7, 3, 99, 0);
  assert.deepEqual(Array.from(distinctRows(odd, 0, odd.length, 8)), [3, 7, 0]);
  assert.deepEqual(Array.from(distinctRows(odd, 0, odd.length, 2 ** 30)), [3, 7, 99, 0]);
});

Deno.test("backupRows() copies only the distinct rows of 4M indices, and restores them exactly", () => {
  const V = 1000, D = 8, n = 4 * 2 ** 20;
  // Table at float 16, indices after it, in one buffer standing for the arena.
  const w = 16, ids = w + V * D;
  const heap = makeHeap(new ArrayBuffer(4 * (ids + n)));
  const r = rng(11);
  for (let i = 0; i < V * D; i++) heap.f32[w + i] = r() * 8 - 4;
  heap.f32[w + 5 * D + 2] = NaN; // restored bit for bit, NaN included
  for (let j = 0; j < n; j++) heap.i32[ids + j] = Math.floor(r() * 600) * (j % 2 === 0 ? 1 : 0);
  const before = new Uint32Array(heap.u8.buffer.slice(0));

  const backup = backupRows(() => heap, w, ids, n, V, D);
  const distinct = naiveDistinct(heap.i32.subarray(ids, ids + n), V);
  assert.equal(backup.rows.length, distinct.length);
  assert.equal(backup.values.length, distinct.length * D); // ≤ 600 rows, not n × D = 32M floats
  assert.ok(backup.values.byteLength <= 600 * D * 4);

  for (const k of distinct) heap.f32.fill(123, w + k * D, w + (k + 1) * D); // the update
  backup.restore();
  assert.deepEqual(new Uint32Array(heap.u8.buffer), before);
});
