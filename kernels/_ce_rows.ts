/**
 * What the JS `cross_entropy` kernels share: a row's maximum and its sum of
 * `exp(x - m)` (in order, float32), and the divisor of a `"mean"`
 * reduction. Self-contained: Workers rebuild them from their source text
 * (kernel helpers).
 *
 * @module
 */

/**
 * The arguments both kernels take, in order after their outputs: logits,
 * targets, class weights (unused unweighted), rows, classes, the ignored
 * target and label smoothing ε.
 */
export const CE_ARGS = {
  x: "f32*",
  t: "i32*",
  w: "f32*",
  N: "int",
  C: "int",
  ignoreIndex: "int",
  eps: "float",
} as const;

/** The maximum of the `C` float32 values from `x` (NaN if any is NaN, as `Math.max`). */
export function ceRowMax(f32: Float32Array, x: number, C: number): number {
  let m = -Infinity;
  for (let c = 0; c < C; c++) m = Math.max(m, f32[x + c]);
  return m;
}

/** `Σ exp(x[c] - m)` over the row, summed in order in float32 (`exp` of `kernels/_math.ts`). */
export function ceRowExpSum(
  f32: Float32Array,
  x: number,
  C: number,
  m: number,
  exp: (x: number) => number,
): number {
  const f = Math.fround;
  let s = 0;
  for (let c = 0; c < C; c++) s = f(s + exp(f(f32[x + c] - m)));
  return s;
}

/**
 * The summed weight of rows `[0, N)` (`w[t[i]]`, or 1 unweighted; ignored
 * rows count 0), in order in float32; -1 at a target outside `[0, C)` that
 * is not `ignore`.
 */
export function ceWeightSum(
  f32: Float32Array,
  i32: Int32Array,
  a: { readonly t: number; readonly w: number; readonly N: number; readonly C: number },
  ignore: number,
  weighted: boolean,
): number {
  const f = Math.fround;
  let W = 0;
  for (let i = 0; i < a.N; i++) {
    const k = i32[a.t + i];
    if (k === ignore) continue;
    if (k >>> 0 >= a.C) return -1;
    W = f(W + (weighted ? f32[a.w + k] : 1));
  }
  return W;
}
