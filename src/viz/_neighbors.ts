/**
 * Squared Euclidean distances as sklearn computes them
 * (`‖a‖² + ‖b‖² − 2a·b`, clamped at 0), all pairs or each row's k nearest
 * (brute force, ties by index, the point itself excluded).
 */

import type { Matrix } from "./_matrix.ts";

function rowNorms(m: Matrix): Float64Array {
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

/** Each row's `k` nearest other rows, nearest first: indices and squared distances. */
export function nearestNeighbors(
  m: Matrix,
  k: number,
): { indices: Int32Array; distances: Float64Array } {
  const n = m.rows, norms = rowNorms(m);
  const indices = new Int32Array(n * k), distances = new Float64Array(n * k);
  const row = new Float64Array(n);
  const bestD = new Float64Array(k), bestI = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    distancesFrom(m, norms, i, row);
    let count = 0;
    for (let r = 0; r < n; r++) {
      if (r === i) continue;
      const d = row[r];
      if (count === k && d >= bestD[k - 1]) continue;
      let pos = count < k ? count++ : k - 1;
      while (pos > 0 && bestD[pos - 1] > d) {
        bestD[pos] = bestD[pos - 1];
        bestI[pos] = bestI[pos - 1];
        pos--;
      }
      bestD[pos] = d;
      bestI[pos] = r;
    }
    indices.set(bestI, i * k);
    distances.set(bestD, i * k);
  }
  return { indices, distances };
}
