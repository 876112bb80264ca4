/**
 * PCA on a `Float64Array` matrix: centre, eigendecompose the smaller of the
 * scatter matrix `XcᵀXc` (`d × d`) and the Gram matrix `XcXcᵀ` (`n × n`), and
 * fix each component's sign as sklearn's `svd_flip` does (the score of largest
 * magnitude is positive), so results match sklearn's `PCA` sign for sign.
 */

import { symmetricEigen } from "./_eigen.ts";
import type { Matrix } from "./_matrix.ts";

/** The full result, in doubles. */
export interface PcaCore {
  /** Projected rows `[n, k]`. */
  scores: Float64Array;
  /** Principal axes `[k, d]` (unit rows). */
  components: Float64Array;
  mean: Float64Array;
  explainedVariance: Float64Array;
  explainedVarianceRatio: Float64Array;
  singularValues: Float64Array;
}

// The loops over a row are functions of their own: as inner loops of the loops over the rows,
// V8 compiled them on stack replacement and dropped that code at each exit (some 140 times a
// call on 2,000 × 100), and the first calls in a process ran mostly unoptimised.

/** `mean += data[off .. off + d)`. */
function addRow(mean: Float64Array, data: Float64Array, off: number, d: number): void {
  for (let j = 0; j < d; j++) mean[j] += data[off + j];
}

/** Centres a row into `xc`; returns `total` plus its squares, summed in order. */
function centreRow(
  data: Float64Array,
  mean: Float64Array,
  xc: Float64Array,
  off: number,
  d: number,
  total: number,
): number {
  for (let j = 0; j < d; j++) {
    const v = data[off + j] - mean[j];
    xc[off + j] = v;
    total += v * v;
  }
  return total;
}

/** Adds four rows' products (rows from `r0`, `d` apart) to row `a` of the scatter, columns a on. */
function addProducts4(
  scatter: Float64Array,
  xc: Float64Array,
  r0: number,
  a: number,
  d: number,
): void {
  const r1 = r0 + d, r2 = r1 + d, r3 = r2 + d;
  const v0 = xc[r0 + a], v1 = xc[r1 + a], v2 = xc[r2 + a], v3 = xc[r3 + a], out = a * d;
  for (let b = a; b < d; b++) {
    scatter[out + b] = scatter[out + b] + v0 * xc[r0 + b] + v1 * xc[r1 + b] +
      v2 * xc[r2 + b] + v3 * xc[r3 + b];
  }
}

/** `Σⱼ x[a + j] · y[b + j]` over `d` entries, in order. */
function dot(x: Float64Array, a: number, y: Float64Array, b: number, d: number): number {
  let t = 0;
  for (let j = 0; j < d; j++) t += x[a + j] * y[b + j];
  return t;
}

/** Runs PCA with `k` components on `m` (`2 ≤ n`, `1 ≤ k ≤ min(n, d)`, checked by the caller). */
export function pcaCore(m: Matrix, k: number): PcaCore {
  const { rows: n, cols: d } = m;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) addRow(mean, m.data, i * d, d);
  for (let j = 0; j < d; j++) mean[j] /= n;
  const xc = new Float64Array(n * d);
  let total = 0;
  for (let i = 0; i < n; i++) total = centreRow(m.data, mean, xc, i * d, d, total);
  const components = new Float64Array(k * d);
  const singularValues = new Float64Array(k);
  if (d <= n) {
    // Each entry sums its rows' products in row order, four rows a pass over the matrix (a
    // zero product adds nothing: a sum that starts at +0 never becomes −0).
    const scatter = new Float64Array(d * d);
    let i = 0;
    for (; i + 3 < n; i += 4) {
      for (let a = 0; a < d; a++) addProducts4(scatter, xc, i * d, a, d);
    }
    for (; i < n; i++) {
      const row = i * d;
      for (let a = 0; a < d; a++) {
        const va = xc[row + a], out = a * d;
        for (let b = a; b < d; b++) scatter[out + b] += va * xc[row + b];
      }
    }
    for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) scatter[a * d + b] = scatter[b * d + a];
    const { values, vectors } = symmetricEigen(scatter, d);
    for (let c = 0; c < k; c++) {
      singularValues[c] = Math.sqrt(Math.max(values[c], 0));
      for (let j = 0; j < d; j++) components[c * d + j] = vectors[j * d + c];
    }
  } else {
    const gram = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = a; b < n; b++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += xc[a * d + j] * xc[b * d + j];
        gram[a * n + b] = s;
        gram[b * n + a] = s;
      }
    }
    const { values, vectors } = symmetricEigen(gram, n);
    for (let c = 0; c < k; c++) {
      const s = Math.sqrt(Math.max(values[c], 0));
      singularValues[c] = s;
      // v = Xcᵀ u / s, renormalised (u of a tiny singular value is noise).
      let norm = 0;
      for (let j = 0; j < d; j++) {
        let t = 0;
        for (let i = 0; i < n; i++) t += xc[i * d + j] * vectors[i * n + c];
        components[c * d + j] = t;
        norm += t * t;
      }
      norm = Math.sqrt(norm) || 1;
      for (let j = 0; j < d; j++) components[c * d + j] /= norm;
    }
  }
  const scores = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    let best = 0, bestAbs = -1;
    for (let i = 0; i < n; i++) {
      const t = dot(xc, i * d, components, c * d, d);
      scores[i * k + c] = t;
      if (Math.abs(t) > bestAbs) [best, bestAbs] = [i, Math.abs(t)];
    }
    if (scores[best * k + c] < 0) {
      for (let i = 0; i < n; i++) scores[i * k + c] = -scores[i * k + c];
      for (let j = 0; j < d; j++) components[c * d + j] = -components[c * d + j];
    }
  }
  const explainedVariance = singularValues.map((s) => s * s / (n - 1));
  const explainedVarianceRatio = explainedVariance.map((v) =>
    total > 0 ? v / (total / (n - 1)) : 0
  );
  return { scores, components, mean, explainedVariance, explainedVarianceRatio, singularValues };
}
