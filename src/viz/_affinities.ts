/**
 * t-SNE's input affinities as sklearn 1.2 computes them: a binary search per
 * row for the Gaussian precision that gives the wanted perplexity
 * (`_binary_search_perplexity`, in float32 distances and float64 sums), then
 * `P = (P + Pᵀ) / sum`, dense for the exact method and sparse (CSR over the k
 * nearest neighbours, `_symmetric_p.ts`) for Barnes-Hut.
 */

import { symmetricP } from "./_symmetric_p.ts";

const MACHINE_EPSILON = 2 ** -52;

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
  perplexityRows(dist, n, cols, perplexity, p, 0, n);
  return p;
}

/**
 * Rows `[start, end)` of `binarySearchPerplexity`, into `p` (each row alone,
 * so any split of the rows gives the same bits). sklearn's bisection takes
 * a row's precision β from 1 by doubling or halving, then halving the
 * bracket, until the entropy is within 1e-5 of log(perplexity): some 30
 * passes over the row, each a step of the same fixed path, which depends
 * only on the sign of each step's entropy difference. The difference falls
 * as β grows (its slope is −β·Var(d) under the row's P), so one computed
 * at β₀ beyond the tolerance (with a margin far above rounding) gives the
 * sign of every step on its side of β₀. A few Newton steps in log β find
 * such points just either side of the root; the bisection's path is then
 * followed, and only its steps between them are computed (the one that
 * stops always is): the same steps and the same last P as sklearn's loop,
 * in about a third of the passes. Self-contained (its source is shipped to
 * the force Workers).
 */
export function perplexityRows(
  dist: Float32Array,
  n: number,
  cols: number,
  perplexity: number,
  p: Float64Array,
  start: number,
  end: number,
): void {
  const usingNeighbors = cols < n, desired = Math.log(perplexity);
  const last = new Float64Array(1); // the distances' variance under the last evaluated P
  let guess = 1; // the first probe: the last row's β
  for (let i = start; i < end; i++) {
    guess = perplexityRow(dist, p, i * cols, cols, usingNeighbors ? -1 : i, desired, guess, last);
  }
}

/**
 * One row of `perplexityRows` (column `skip` left out), from a first probe
 * at `guess`; returns the last β. `last` is scratch for `perplexityStep`.
 * A function of its own (called row by row, it is optimised early, and
 * once). Self-contained (its source is shipped to the force Workers).
 */
export function perplexityRow(
  dist: Float32Array,
  p: Float64Array,
  row: number,
  cols: number,
  skip: number,
  desired: number,
  guess: number,
  last: Float64Array,
): number {
  const tolerance = 1e-5; // sklearn's PERPLEXITY_TOLERANCE
  const margin = 1e-7, steps = 100;
  const evaluate = (beta: number, slope: boolean) =>
    perplexityStep(dist, p, row, cols, skip, beta, slope, desired, last);
  // Known: every β ≤ above has a difference > tolerance, every β ≥ below one < −tolerance.
  let above = 0, below = Infinity, near = 0; // near: 1 above close to the root, 2 below
  // Up to `trust`, the nearest term exp(−d·β) ≥ e^−600 keeps P's sums exact to rounding;
  // beyond, subnormal terms make the difference jump about: it is computed there.
  let nearest = Infinity;
  for (let j = 0; j < cols; j++) if (j !== skip) nearest = Math.min(nearest, dist[row + j]);
  const trust = nearest > 0 ? 600 / nearest : Infinity;
  const learn = (beta: number, diff: number) => {
    if (!(beta <= trust)) return;
    if (diff > tolerance + margin && beta > above) {
      above = beta;
      if (diff < 10 * tolerance) near |= 1;
    } else if (diff < -tolerance - margin && beta < below) {
      below = beta;
      if (diff > -10 * tolerance) near |= 2;
    }
  };
  // Newton steps in log β to 3·tolerance above the root, then below it.
  let beta = guess, diff = evaluate(beta, true);
  learn(beta, diff);
  for (let probe = 0; probe < 12 && near !== 3; probe++) {
    const slope = beta * beta * last[0]; // −d(diff) / d(log β)
    if (!(slope > 0) || !Number.isFinite(slope)) break;
    const aim = (near & 1 ? -3 : 3) * tolerance;
    let next = beta * Math.exp(Math.max(-3, Math.min(3, (diff - aim) / slope)));
    if (!(next > above && next < below)) {
      next = below === Infinity ? above * 8 : (above + below) / 2;
    }
    beta = next;
    diff = evaluate(beta, true);
    learn(beta, diff);
  }
  // sklearn's path: a step is computed unless its sign is known (the last always is).
  let betaMin = -Infinity, betaMax = Infinity;
  beta = 1;
  for (let step = 0; step < steps; step++) {
    let sign: number;
    if (beta <= above && step < steps - 1) sign = 1;
    else if (beta >= below && beta <= trust && step < steps - 1) sign = -1;
    else {
      diff = evaluate(beta, false);
      if (Math.abs(diff) <= tolerance) break;
      learn(beta, diff);
      sign = diff > 0 ? 1 : -1;
    }
    if (sign > 0) {
      betaMin = beta;
      beta = betaMax === Infinity ? beta * 2 : (beta + betaMax) / 2;
    } else {
      betaMax = beta;
      beta = betaMin === -Infinity ? beta / 2 : (beta + betaMin) / 2;
    }
  }
  return beta;
}

/**
 * One step of sklearn's loop on a row (`perplexityRows`) at precision
 * `beta`: the row's P (`p[row ..]`, column `skip` left out: the point
 * itself in a dense row), and the entropy's difference from `desired`;
 * `out[0]` gets the distances' variance under P (meaningful with `slope`).
 * A function of its own (called thousands of times a run, it is optimised
 * early and cheaply; as a closure it made `perplexityRows` one of the
 * costliest functions to compile, again in a process's third run).
 * Self-contained (its source is shipped to the force Workers).
 */
export function perplexityStep(
  dist: Float32Array,
  p: Float64Array,
  row: number,
  cols: number,
  skip: number,
  beta: number,
  slope: boolean,
  desired: number,
  out: Float64Array,
): number {
  let sumP = 0;
  for (let j = 0; j < cols; j++) {
    if (j !== skip) {
      const v = Math.exp(-dist[row + j] * beta);
      p[row + j] = v;
      sumP += v;
    }
  }
  if (sumP === 0) sumP = 1e-8; // sklearn's EPSILON_DBL
  let sumDistP = 0, sumDist2P = 0;
  for (let j = 0; j < cols; j++) {
    const pj = p[row + j] / sumP, d = dist[row + j];
    p[row + j] = pj;
    sumDistP += d * pj;
    if (slope) sumDist2P += d * d * pj;
  }
  out[0] = sumDist2P - sumDistP * sumDistP;
  return Math.log(sumP) + beta * sumDistP - desired;
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
  return symmetricP(neighbors, binarySearchPerplexity(dist, n, k, perplexity), n, k);
}
