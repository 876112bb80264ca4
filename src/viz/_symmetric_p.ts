/**
 * The sparse joint P of t-SNE's Barnes-Hut method from each point's
 * conditional P over its k nearest neighbours: `P = (P + Pᵀ) / ΣP`, summed
 * as sklearn sums it.
 */

import type { Csr } from "./_affinities.ts";

const MACHINE_EPSILON = 2 ** -52;

/** P's rows sorted by column, Pᵀ's rows, and the rows of P + Pᵀ being written. */
interface Halves {
  fcols: Int32Array;
  fvals: Float64Array;
  tptr: Int32Array;
  tcols: Int32Array;
  tvals: Float64Array;
  k: number;
  n: number;
  indptr: Int32Array;
  outCols: Int32Array;
  outVals: Float64Array;
}

/**
 * `P = (P + Pᵀ) / ΣP` from the conditional P over each point's `k`
 * neighbours, as sklearn sums it: row by row, each row's entries by column
 * (an entry of P and one of Pᵀ at the same column added in the order sklearn
 * gathers them: Pᵀ's first below the diagonal), every entry into the total
 * in that order. Row i of Pᵀ comes out sorted (a counting pass over the rows
 * in order), row i of P is sorted by key `column · slot + position`, and the
 * two are merged.
 */
export function symmetricP(neighbors: Int32Array, cond: Float64Array, n: number, k: number): Csr {
  const nk = n * k;
  // Pᵀ by a counting sort: row j lists the rows i that have j as a neighbour, in increasing i.
  const tptr = new Int32Array(n + 1), tcols = new Int32Array(nk), tvals = new Float64Array(nk);
  countColumns(neighbors, tptr);
  const fill = tptr.slice(0, n);
  for (let i = 0; i < n; i++) {
    transposeRow(neighbors, cond, i, i * k, i * k + k, fill, tcols, tvals);
  }
  // P's rows with their neighbours in increasing index order: Pᵀ transposed (a second
  // counting pass instead of a sort per row; a row's neighbours are distinct).
  const fcols = new Int32Array(nk), fvals = new Float64Array(nk);
  for (let i = 0; i < n; i++) fill[i] = i * k;
  for (let j = 0; j < n; j++) {
    transposeRow(tcols, tvals, j, tptr[j], tptr[j + 1], fill, fcols, fvals);
  }
  const indptr = new Int32Array(n + 1);
  const outCols = new Int32Array(2 * nk), outVals = new Float64Array(2 * nk);
  const rows = { fcols, fvals, tptr, tcols, tvals, k, n, indptr, outCols, outVals };
  let sum = 0;
  for (let i = 0; i < n; i++) sum = mergeRows(rows, i, sum);
  const out = indptr[n];
  return { indptr, indices: outCols.slice(0, out), values: divided(outVals, out, sum) };
}

// Each loop over a row is a function of its own, called row by row: as inner loops of the
// loops over the rows, V8 compiled them on stack replacement and dropped that code at each
// exit, and the first calls in a process ran mostly unoptimised.

/** Row starts of Pᵀ: `tptr[j + 1]` counts the rows that have j as a neighbour, then prefix sums. */
function countColumns(neighbors: Int32Array, tptr: Int32Array): void {
  for (let t = 0; t < neighbors.length; t++) tptr[neighbors[t] + 1]++;
  for (let i = 0; i + 1 < tptr.length; i++) tptr[i + 1] += tptr[i];
}

/** Appends row i's entries `[from, to)` to the rows of their columns (column j's next slot `fill[j]`). */
function transposeRow(
  cols: Int32Array,
  vals: Float64Array,
  i: number,
  from: number,
  to: number,
  fill: Int32Array,
  outCols: Int32Array,
  outVals: Float64Array,
): void {
  for (let t = from; t < to; t++) {
    const f = fill[cols[t]]++;
    outCols[f] = i;
    outVals[f] = vals[t];
  }
}

/** Row i of P + Pᵀ: its P and Pᵀ rows merged by column; returns `sum` plus its entries, in order. */
function mergeRows(r: Halves, i: number, sum: number): number {
  const { fcols, fvals, tcols, tvals, n, outCols, outVals } = r;
  const fEnd = (i + 1) * r.k, tEnd = r.tptr[i + 1];
  let a = i * r.k, t = r.tptr[i], out = r.indptr[i];
  while (a < fEnd || t < tEnd) {
    const fc = a < fEnd ? fcols[a] : n, rc = t < tEnd ? tcols[t] : n;
    if (fc < rc) {
      const v = fvals[a++];
      outCols[out] = fc;
      outVals[out++] = v;
      sum += v;
    } else if (rc < fc) {
      const v = tvals[t++];
      outCols[out] = rc;
      outVals[out++] = v;
      sum += v;
    } else {
      const v = fvals[a++], w = tvals[t++];
      const first = fc < i ? w : v, second = fc < i ? v : w;
      outCols[out] = fc;
      outVals[out++] = first + second;
      sum += first;
      sum += second;
    }
  }
  r.indptr[i + 1] = out;
  return sum;
}

/** `values[0 .. count) / max(sum, ε)`, a new array. */
function divided(values: Float64Array, count: number, sum: number): Float64Array {
  sum = Math.max(sum, MACHINE_EPSILON);
  const out = new Float64Array(count);
  for (let t = 0; t < count; t++) out[t] = values[t] / sum;
  return out;
}
