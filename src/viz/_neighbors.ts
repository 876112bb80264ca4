/**
 * Squared Euclidean distances as sklearn computes them
 * (`‖a‖² + ‖b‖² − 2a·b`, clamped at 0), all pairs or each row's k nearest
 * (brute force, ties by index, the point itself excluded).
 */

import type { Matrix } from "./_matrix.ts";
import { PairDots } from "./_wasm_dots.ts";

/** Each row's squared norm. */
export function rowNorms(m: Matrix): Float64Array {
  const { data, rows, cols } = m;
  const norms = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += data[i * cols + j] * data[i * cols + j];
    norms[i] = s;
  }
  return norms;
}

/** Squared distances from row `i` to every row, into `out` (self distance 0). */
function distancesFrom(m: Matrix, norms: Float64Array, i: number, out: Float64Array): void {
  const { data, rows, cols } = m;
  const a = i * cols;
  for (let r = 0; r < rows; r++) {
    const b = r * cols;
    let dot = 0, j = 0;
    for (; j + 3 < cols; j += 4) {
      dot += data[a + j] * data[b + j] + data[a + j + 1] * data[b + j + 1] +
        data[a + j + 2] * data[b + j + 2] + data[a + j + 3] * data[b + j + 3];
    }
    for (; j < cols; j++) dot += data[a + j] * data[b + j];
    const d = norms[i] + norms[r] - 2 * dot;
    out[r] = d > 0 ? d : 0;
  }
  out[i] = 0;
}

/** All pairwise squared distances `[n, n]`. */
export function pairwiseSquared(m: Matrix): Float64Array {
  const n = m.rows, norms = rowNorms(m);
  const out = new Float64Array(n * n), row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    distancesFrom(m, norms, i, row);
    out.set(row, i * n);
  }
  return out;
}

/**
 * Every row's nearest rows so far: a max-heap of up to `k` entries by
 * (distance, index), and its worst distance once full (NaN before).
 */
export interface Lists {
  indices: Int32Array;
  distances: Float64Array;
  counts: Int32Array;
  worst: Float64Array;
  k: number;
}

/**
 * Offers row `r` at squared distance `d` to row `i`'s heap. Each row is
 * offered rows in increasing index order, so `r` is the largest index yet:
 * an entry as far as `d` stays above it, as a sorted list that inserts
 * after equal ones keeps the earlier one. Self-contained (shipped to the
 * force Workers).
 */
export function offer(l: Lists, i: number, r: number, d: number): void {
  if (d >= l.worst[i]) return;
  const { indices, distances, counts, k } = l;
  const base = i * k, count = counts[i];
  let pos = count;
  if (count < k) {
    // Up from the end while the parent is not after (d, r).
    counts[i] = count + 1;
    while (pos > 0) {
      const up = (pos - 1) >> 1;
      if (distances[base + up] > d) break;
      distances[base + pos] = distances[base + up];
      indices[base + pos] = indices[base + up];
      pos = up;
    }
  } else {
    // In place of the worst (the root), down while a child is after (d, r).
    pos = 0;
    for (let c = 1; c < k; c = 2 * pos + 1) {
      const a = base + c, b = a + 1;
      if (
        c + 1 < k &&
        (distances[b] > distances[a] || (distances[b] === distances[a] && indices[b] > indices[a]))
      ) c++;
      if (!(distances[base + c] > d)) break;
      distances[base + pos] = distances[base + c];
      indices[base + pos] = indices[base + c];
      pos = c;
    }
  }
  distances[base + pos] = d;
  indices[base + pos] = r;
  if (counts[i] === k) l.worst[i] = distances[base];
}

/**
 * Sorts the heaps of rows `[start, end)` by (distance, index), nearest
 * first: the root out, last place first. Self-contained (shipped to the
 * force Workers).
 */
export function sortLists(l: Omit<Lists, "worst">, start: number, end: number): void {
  for (let i = start; i < end; i++) sortHeap(l.indices, l.distances, i * l.k, l.counts[i]);
}

/**
 * Sorts the heap of `size` entries at `base` (`sortLists`, a row at a time:
 * as an inner loop, V8 compiled it on stack replacement and dropped that
 * code at each exit). Self-contained (shipped to the force Workers).
 */
export function sortHeap(
  indices: Int32Array,
  distances: Float64Array,
  base: number,
  count: number,
): void {
  for (let size = count; size > 1; size--) {
    // Swap the root (the worst left) to the end, then sift the moved entry down.
    const last = base + size - 1, d = distances[last], r = indices[last];
    distances[last] = distances[base];
    indices[last] = indices[base];
    let pos = 0;
    for (let c = 1; c < size - 1; c = 2 * pos + 1) {
      const a = base + c, b = a + 1;
      if (
        c + 2 < size &&
        (distances[b] > distances[a] ||
          (distances[b] === distances[a] && indices[b] > indices[a]))
      ) c++;
      const dc = distances[base + c];
      if (!(dc > d || (dc === d && indices[base + c] > r))) break;
      distances[base + pos] = dc;
      indices[base + pos] = indices[base + c];
      pos = c;
    }
    distances[base + pos] = d;
    indices[base + pos] = r;
  }
}

/**
 * Row i's k nearest, merged from its sorted heaps (one per slot) by
 * (distance, index), into `out` at `i · k`; `heads` is scratch. Self-
 * contained (shipped to the Workers).
 */
export function mergeRow(
  heaps: { indices: Int32Array; distances: Float64Array; counts: Int32Array }[],
  out: { indices: Int32Array; distances: Float64Array },
  i: number,
  k: number,
  heads: Int32Array,
): void {
  const base = i * k;
  heads.fill(0);
  for (let e = base; e < base + k; e++) {
    let best = -1, bd = Infinity, bi = 0;
    for (let h = 0; h < heaps.length; h++) {
      const at = heads[h];
      if (at >= heaps[h].counts[i]) continue;
      const d = heaps[h].distances[base + at], r = heaps[h].indices[base + at];
      if (best < 0 || d < bd || (d === bd && r < bi)) {
        best = h;
        bd = d;
        bi = r;
      }
    }
    heads[best]++;
    out.indices[e] = bi;
    out.distances[e] = bd;
  }
}

/**
 * Each row's `k` nearest other rows, nearest first: indices and squared
 * distances. Each pair's distance is computed once (for rows `i < r`: on
 * the Wasm kernel of `_wasm_dots.ts`, two rows a vector, or with `wasm`
 * false in JS, four rows `r` at a time against row `i`, the same sums) and
 * offered to both rows' lists; both lists receive their candidates in
 * increasing index order, and each dot product sums in the same order as
 * `distancesFrom`, so the result (ties included) is the one a row-by-row
 * scan gives.
 */
export function nearestNeighbors(
  m: Matrix,
  k: number,
  wasm = true,
): { indices: Int32Array; distances: Float64Array } {
  const n = m.rows, norms = rowNorms(m);
  const indices = new Int32Array(n * k), distances = new Float64Array(n * k);
  const counts = new Int32Array(n), worst = new Float64Array(n).fill(NaN); // NaN: never full
  const lists: Lists = { indices, distances, counts, worst, k };
  if (!wasm) {
    for (let i = 0; i < n; i++) pairsOf(m, norms, lists, i);
    sortLists(lists, 0, n);
    return { indices, distances };
  }
  // The dot products on the Wasm kernel (the same bits as pairsOf's), the lists here.
  const dots = new PairDots(m.data, n, m.cols), out = dots.out;
  try {
    for (let i = 0; i < n; i++) {
      dots.row(i);
      for (let r = i + 1; r < n; r++) {
        const d = norms[i] + norms[r] - 2 * out[r], c = d > 0 ? d : 0;
        // offer()'s first test here: most pairs are farther than both rows' worst.
        if (!(c >= worst[i])) offer(lists, i, r, c);
        if (!(c >= worst[r])) offer(lists, r, i, c);
      }
    }
  } finally {
    dots.dispose();
  }
  sortLists(lists, 0, n);
  return { indices, distances };
}

/** Offers the pairs `(i, r)`, `r > i`, to both rows' lists, four rows `r` at a time. */
function pairsOf(m: Matrix, norms: Float64Array, lists: Lists, i: number): void {
  const { data, rows: n, cols } = m;
  const pair = (r: number, dot: number) => {
    const d = norms[i] + norms[r] - 2 * dot;
    const c = d > 0 ? d : 0;
    offer(lists, i, r, c);
    offer(lists, r, i, c);
  };
  const tail = cols - (cols % 4);
  const a = i * cols;
  let r = i + 1;
  for (; r + 3 < n; r += 4) {
    const b0 = r * cols, b1 = b0 + cols, b2 = b1 + cols, b3 = b2 + cols;
    let d0 = 0, d1 = 0, d2 = 0, d3 = 0, j = 0;
    for (; j < tail; j += 4) {
      const x0 = data[a + j], x1 = data[a + j + 1], x2 = data[a + j + 2], x3 = data[a + j + 3];
      d0 += x0 * data[b0 + j] + x1 * data[b0 + j + 1] + x2 * data[b0 + j + 2] +
        x3 * data[b0 + j + 3];
      d1 += x0 * data[b1 + j] + x1 * data[b1 + j + 1] + x2 * data[b1 + j + 2] +
        x3 * data[b1 + j + 3];
      d2 += x0 * data[b2 + j] + x1 * data[b2 + j + 1] + x2 * data[b2 + j + 2] +
        x3 * data[b2 + j + 3];
      d3 += x0 * data[b3 + j] + x1 * data[b3 + j + 1] + x2 * data[b3 + j + 2] +
        x3 * data[b3 + j + 3];
    }
    for (; j < cols; j++) {
      const x = data[a + j];
      d0 += x * data[b0 + j];
      d1 += x * data[b1 + j];
      d2 += x * data[b2 + j];
      d3 += x * data[b3 + j];
    }
    pair(r, d0);
    pair(r + 1, d1);
    pair(r + 2, d2);
    pair(r + 3, d3);
  }
  for (; r < n; r++) {
    const b = r * cols;
    let dot = 0, j = 0;
    for (; j < tail; j += 4) {
      dot += data[a + j] * data[b + j] + data[a + j + 1] * data[b + j + 1] +
        data[a + j + 2] * data[b + j + 2] + data[a + j + 3] * data[b + j + 3];
    }
    for (; j < cols; j++) dot += data[a + j] * data[b + j];
    pair(r, dot);
  }
}
