/**
 * t-SNE's input affinities as sklearn 1.2 computes them: a binary search per
 * row for the Gaussian precision that gives the wanted perplexity
 * (`_binary_search_perplexity`, in float32 distances and float64 sums), then
 * `P = (P + Pᵀ) / sum`, dense for the exact method and sparse (CSR over the k
 * nearest neighbours) for Barnes-Hut.
 */

const MACHINE_EPSILON = 2 ** -52;
const PERPLEXITY_TOLERANCE = 1e-5;
const EPSILON_DBL = 1e-8;

/**
 * Conditional probabilities row by row. `dist` holds `n × cols` squared
 * distances; with `cols < n` row i holds its neighbours (the self distance is
 * absent), otherwise column i is the point itself and gets 0.
 */
export function binarySearchPerplexity(
  dist: Float32Array,
  n: number,
  cols: number,
  perplexity: number,
): Float64Array {
  const p = new Float64Array(n * cols);
  const usingNeighbors = cols < n;
  const desiredEntropy = Math.log(perplexity);
  for (let i = 0; i < n; i++) {
    const row = i * cols;
    let betaMin = -Infinity, betaMax = Infinity, beta = 1;
    for (let step = 0; step < 100; step++) {
      let sumP = 0;
      for (let j = 0; j < cols; j++) {
        if (j !== i || usingNeighbors) {
          const v = Math.exp(-dist[row + j] * beta);
          p[row + j] = v;
          sumP += v;
        }
      }
      if (sumP === 0) sumP = EPSILON_DBL;
      let sumDistP = 0;
      for (let j = 0; j < cols; j++) {
        p[row + j] /= sumP;
        sumDistP += dist[row + j] * p[row + j];
      }
      const entropyDiff = Math.log(sumP) + beta * sumDistP - desiredEntropy;
      if (Math.abs(entropyDiff) <= PERPLEXITY_TOLERANCE) break;
      if (entropyDiff > 0) {
        betaMin = beta;
        beta = betaMax === Infinity ? beta * 2 : (beta + betaMax) / 2;
      } else {
        betaMax = beta;
        beta = betaMin === -Infinity ? beta / 2 : (beta + betaMin) / 2;
      }
    }
  }
  return p;
}

/** Dense joint probabilities `[n, n]` from all squared distances (exact method). */
export function jointProbabilities(
  dist: Float32Array,
  n: number,
  perplexity: number,
): Float64Array {
  const cond = binarySearchPerplexity(dist, n, n, perplexity);
  const p = new Float64Array(n * n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = cond[i * n + j] + cond[j * n + i];
      p[i * n + j] = v;
      sum += v;
    }
  }
  sum = Math.max(sum, MACHINE_EPSILON);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      p[i * n + j] = i === j ? 0 : Math.max(p[i * n + j] / sum, MACHINE_EPSILON);
    }
  }
  return p;
}

/** A symmetric sparse matrix in CSR form (column indices sorted per row). */
export interface Csr {
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/**
 * Sparse joint probabilities from each point's `k` nearest neighbours
 * (`neighbors[i * k + j]`, squared distances `dist[i * k + j]`).
 */
export function jointProbabilitiesNn(
  neighbors: Int32Array,
  dist: Float32Array,
  n: number,
  k: number,
  perplexity: number,
): Csr {
  const cond = binarySearchPerplexity(dist, n, k, perplexity);
  // P + Pᵀ: gather every (i, j, value) in both directions, then merge per row.
  const counts = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      counts[i + 1]++;
      counts[neighbors[i * k + a] + 1]++;
    }
  }
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i];
  const fill = counts.slice(0, n);
  const cols = new Int32Array(counts[n]), vals = new Float64Array(counts[n]);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      const j = neighbors[i * k + a], v = cond[i * k + a];
      cols[fill[i]] = j;
      vals[fill[i]++] = v;
      cols[fill[j]] = i;
      vals[fill[j]++] = v;
    }
  }
  // Per row: entries sorted by column, equal ones in the order gathered (a sort of
  // column · slot + position: in int32 while n · slot < 2^31, else in float64,
  // exact while n · slot < 2^53), summed.
  const indptr = new Int32Array(n + 1);
  const outCols = new Int32Array(counts[n]), outVals = new Float64Array(counts[n]);
  let longest = 0;
  for (let i = 0; i < n; i++) longest = Math.max(longest, counts[i + 1] - counts[i]);
  const slot = 2 ** Math.ceil(Math.log2(longest + 1));
  const keys = n * slot < 2 ** 31 ? new Int32Array(longest) : new Float64Array(longest);
  let out = 0, sum = 0;
  for (let i = 0; i < n; i++) {
    const from = counts[i], len = counts[i + 1] - from;
    for (let t = 0; t < len; t++) keys[t] = cols[from + t] * slot + t;
    keys.subarray(0, len).sort();
    for (let t = 0; t < len; t++) {
      const key = keys[t], e = from + key - Math.floor(key / slot) * slot, c = cols[e];
      if (out > indptr[i] && outCols[out - 1] === c) outVals[out - 1] += vals[e];
      else {
        outCols[out] = c;
        outVals[out++] = vals[e];
      }
      sum += vals[e];
    }
    indptr[i + 1] = out;
  }
  sum = Math.max(sum, MACHINE_EPSILON);
  const values = new Float64Array(out);
  for (let t = 0; t < out; t++) values[t] = outVals[t] / sum;
  return { indptr, indices: outCols.slice(0, out), values };
}
