/**
 * `fmaF32(a, b, c)`: the float32 fused multiply-add `a * b + c` rounded once
 * (to nearest, ties to even), of float32 values held as numbers: what a
 * fused `f32x4.relaxed_madd` computes in each lane (see
 * `src/wasm/relaxed_fma.ts`), so that the JS reference kernels match the
 * Wasm kernels bit for bit when those use it.
 *
 * `p = a * b` is exact in float64 (24-bit significands give at most 48
 * bits, and float32 exponents stay far inside float64's range), so
 * `s = p + c` rounded to float64 and then to float32 (`r`) is wrong only by
 * double rounding: only when `s` is exactly a midpoint between two float32
 * (then its other neighbour `n = 2s - r` is a float32) and the exact sum is
 * not (the TwoSum error `e` of `p + c` is not 0); then the result is the
 * neighbour on `e`'s side. Near the overflow threshold `r` is infinite and
 * stands for `±2¹²⁸` in that formula (the midpoint between the largest
 * float32 and `2¹²⁸` rounds to infinity, or down when `e < 0`). Subnormal
 * results, signed zeros (the IEEE sign of an exact zero sum), infinities
 * and NaN follow from float64 arithmetic and `Math.fround`.
 *
 * Self-contained (Workers rebuild it from its source text: kernels list it
 * as a helper).
 *
 * @module
 */

/**
 * The correctly rounded float32 `a * b + c` of float32 values.
 *
 * @example
 * ```ts
 * import { fmaF32 } from "./_fma.ts";
 * const a = 1 + 2 ** -12;
 * console.log(fmaF32(a, a, -(1 + 2 ** -11))); // 5.960464477539063e-8 (2⁻²⁴; 0 unfused)
 * ```
 */
export function fmaF32(a: number, b: number, c: number): number {
  const p = a * b, s = p + c, r = Math.fround(s);
  if (r === s) return r;
  // The other float32 neighbour of s, if s is a midpoint (NaN and non-midpoints return r).
  const q = r === Infinity ? 2 ** 128 : r === -Infinity ? -(2 ** 128) : r;
  const n = 2 * s - q;
  if (Math.fround(n) !== n || n === q) return r;
  // TwoSum: s + e === p + c exactly.
  const v = s - p, e = (p - (s - v)) + (c - v);
  if (e === 0) return r;
  return e > 0 ? Math.max(r, n) : Math.min(r, n);
}
