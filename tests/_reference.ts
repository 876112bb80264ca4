/**
 * Naive reference implementations of the embedding operations, written from
 * docs/semantics.md in float64 (or, where the contract fixes the rounding, with
 * explicit float32 rounding), plus finite differences and random cases. They
 * are the oracles of the op, module and runtime tests.
 */

/** A bag as a half-open range of positions `[start, end)`. */
export type Bag = readonly [number, number];

/** Bags of 1-D indices with offsets (`B` or `B + 1` entries). */
export function bagsFromOffsets(
  offsets: readonly number[],
  n: number,
  includeLastOffset = false,
): Bag[] {
  const B = offsets.length - (includeLastOffset ? 1 : 0);
  return Array.from(
    { length: B },
    (_, b) => [offsets[b], b + 1 < offsets.length ? offsets[b + 1] : n] as const,
  );
}

/** Bags of 2-D `[B, L]` indices. */
export function bagsOf2d(B: number, L: number): Bag[] {
  return Array.from({ length: B }, (_, b) => [b * L, (b + 1) * L] as const);
}

/** A bag problem: table `w` (`[V, D]` row-major), flat indices and their bags. */
export interface BagProblem {
  w: ArrayLike<number>;
  V: number;
  D: number;
  idx: readonly number[];
  bags: readonly Bag[];
  mode: "sum" | "mean" | "max";
  psw?: ArrayLike<number> | null;
  pad?: number | null;
}

/** `[B, D]` bag reduction in float64 (max: first entry wins ties, NaN kept only when first). */
export function refBagForward(p: BagProblem): Float64Array {
  const { w, D, idx, bags, mode } = p;
  const out = new Float64Array(bags.length * D);
  bags.forEach(([s, e], b) => {
    const live = [];
    for (let j = s; j < e; j++) if (idx[j] !== p.pad) live.push(j);
    for (let d = 0; d < D; d++) {
      let acc = 0;
      live.forEach((j, n) => {
        const v = w[idx[j] * D + d];
        if (mode === "max") acc = n === 0 || v > acc ? v : acc;
        else acc += (p.psw ? p.psw[j] : 1) * v;
      });
      out[b * D + d] = mode === "mean" && live.length > 0 ? acc / live.length : acc;
    }
  });
  return out;
}

/** Occurrences of each row in `idx`. */
function counts(idx: readonly number[], V: number): number[] {
  const c = new Array<number>(V).fill(0);
  for (const k of idx) c[k]++;
  return c;
}

/** Dense `[V, D]` weight gradient and per-sample-weight gradient of a bag reduction, in float64. */
export function refBagGrad(
  p: BagProblem,
  g: ArrayLike<number>,
  scaleGradByFreq = false,
): { weight: Float64Array; psw: Float64Array } {
  const { w, V, D, idx, bags, mode } = p;
  const grad = new Float64Array(V * D), gpsw = new Float64Array(idx.length);
  const freq = counts(idx, V);
  bags.forEach(([s, e], b) => {
    const live = [];
    for (let j = s; j < e; j++) if (idx[j] !== p.pad) live.push(j);
    if (mode === "max") {
      for (let d = 0; d < D; d++) {
        let win = -1;
        for (const j of live) if (win < 0 || w[idx[j] * D + d] > w[idx[win] * D + d]) win = j;
        if (win >= 0) grad[idx[win] * D + d] += g[b * D + d];
      }
      return;
    }
    for (const j of live) {
      let s = p.psw ? p.psw[j] : 1;
      if (mode === "mean") s /= live.length;
      if (scaleGradByFreq) s /= freq[idx[j]];
      let dot = 0;
      for (let d = 0; d < D; d++) {
        grad[idx[j] * D + d] += s * g[b * D + d];
        dot += g[b * D + d] * w[idx[j] * D + d];
      }
      gpsw[j] = dot;
    }
  });
  return { weight: grad, psw: gpsw };
}

/** Dense `[V, D]` gradient of a lookup, in float64. */
export function refLookupGrad(
  g: ArrayLike<number>,
  idx: readonly number[],
  V: number,
  D: number,
  pad: number | null = null,
  scaleGradByFreq = false,
): Float64Array {
  const grad = new Float64Array(V * D), freq = counts(idx, V);
  idx.forEach((k, j) => {
    if (k === pad) return;
    const s = scaleGradByFreq ? 1 / freq[k] : 1;
    for (let d = 0; d < D; d++) grad[k * D + d] += s * g[j * D + d];
  });
  return grad;
}

/** A row gathered by `idx` from a `[V, D]` table. */
export function refGather(w: ArrayLike<number>, idx: readonly number[], D: number): number[] {
  return idx.flatMap((k) => Array.from({ length: D }, (_, d) => w[k * D + d]));
}

/** The p-norm of a vector in float64 (`Infinity` for the max norm). */
export function pNorm(v: ArrayLike<number>, p: number): number {
  let acc = 0;
  for (let i = 0; i < v.length; i++) {
    const x = Math.abs(v[i]);
    acc = p === Infinity ? Math.max(acc, x) : acc + x ** p;
  }
  return p === Infinity ? acc : acc ** (1 / p);
}

/**
 * Max-norm as docs/semantics.md (Lookups) states it, on a float32 copy of the table: each
 * distinct referenced row whose norm (rounded to float32) exceeds `maxNorm`
 * is multiplied in float32 by `fround(maxNorm / (norm + 1e-7))`.
 */
export function refRenorm(
  w: ArrayLike<number>,
  D: number,
  idx: readonly number[],
  maxNorm: number,
  p = 2,
): Float32Array {
  const out = Float32Array.from(w);
  for (const k of new Set(idx)) {
    const row = out.subarray(k * D, (k + 1) * D);
    const norm = Math.fround(pNorm(row, p));
    if (norm > maxNorm) {
      const scale = Math.fround(maxNorm / (norm + 1e-7));
      for (let d = 0; d < D; d++) row[d] = Math.fround(row[d] * scale);
    }
  }
  return out;
}

/** Central differences of a scalar function, in float64. */
export function finiteDiff(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  eps: number,
): Float64Array {
  const x = Float64Array.from(x0), grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const keep = x[i];
    x[i] = keep + eps;
    const up = f(x);
    x[i] = keep - eps;
    const down = f(x);
    x[i] = keep;
    grad[i] = (up - down) / (2 * eps);
  }
  return grad;
}

/** `Σ a ⊙ b` in float64. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** `n` numbers in `[lo, hi)` from a generator. */
export function uniforms(r: () => number, n: number, lo = -1, hi = 1): number[] {
  return Array.from({ length: n }, () => lo + (hi - lo) * r());
}

/** `n` integers in `[0, k)` from a generator. */
export function ints(r: () => number, n: number, k: number): number[] {
  return Array.from({ length: n }, () => Math.floor(r() * k));
}

/** Random non-decreasing offsets for `n` indices in `B` bags, starting at 0 (empty bags likely). */
export function randomOffsets(r: () => number, n: number, B: number): number[] {
  const cuts = ints(r, B - 1, n + 1).sort((a, b) => a - b);
  return [0, ...cuts];
}
