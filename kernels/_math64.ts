/**
 * The project's own float64 `log` and `cos`/`sin` of turns, the functions
 * of the Box–Muller transform of `Random.normal()` and the `random_fill`
 * kernels. They use only `+ - * /`, comparisons and exact bit manipulation
 * (no fused multiply-add, no `Math.*` transcendental), so every engine
 * (V8, JavaScriptCore, SpiderMonkey) computes the same bits; the Wasm
 * emitters in `kernels/wasm/_math64.ts` perform the same float64 operations
 * in the same order with f64x2 instructions. Constants are written out
 * exactly (fdlibm's, which are float64 values).
 *
 * - `logF64(x)`: `x = m 2^k` with `m` in `[sqrt(1/2), sqrt(2))` (from the
 *   exponent bits, exact), `f = m - 1`, `s = f / (2 + f)`, fdlibm's
 *   degree-14 polynomial in `s` (`e_log.c`, split into even and odd terms),
 *   `k ln2` added in two parts. For positive normal `x` (the transform
 *   passes `u` in `[2^-53, 1)`).
 * - `cosTurnF64(v)`, `sinTurnF64(v)`: `cos(2πv)`, `sin(2πv)` for `v` in
 *   `[0, 1]`. `q` = `4v` rounded to the nearest integer (half to even, by
 *   adding and subtracting `1.5 * 2^52`), `x = (v - q / 4) 2π` with
 *   `v - q / 4` exact and `|x| <= π/4`, then fdlibm's kernels `__kernel_sin`
 *   and `__kernel_cos` (with no tail) and the quadrant `q mod 4`: cos is
 *   `C, -S, -C, S` and sin `S, C, -S, -C` of `x`.
 *
 * Accuracy (tests/kernels/_math64_test.ts): `logF64` within 1 ulp of
 * `Math.log`; the turn functions within 2 ulp of the result plus the
 * rounding of the argument `2πv` that `Math.cos(2 * Math.PI * v)` has.
 *
 * Self-contained functions (no imports, no closures, constants inline):
 * the `random_fill` kernel lists them as `helpers`, and Workers rebuild
 * them from their source text. `logF64` reads and writes the exponent bits
 * through `bits`, a scratch `DataView` of at least 8 bytes.
 *
 * @module
 */

/** Float64 natural logarithm of a positive normal `x`. */
export function logF64(x: number, bits: DataView): number {
  bits.setFloat64(0, x);
  const hx = bits.getUint32(0);
  bits.setUint32(0, (hx & 0xfffff) | 0x3ff00000);
  let m = bits.getFloat64(0), k = (hx >>> 20) - 1023;
  if (m >= 1.4142135623730951) {
    m = m * 0.5;
    k = k + 1;
  }
  const f = m - 1, s = f / (2 + f), z = s * s, w = z * z;
  const t1 = w * (0.3999999999940942 + w * (0.22222198432149784 + w * 0.15313837699209373));
  const t2 = z *
    (0.6666666666666735 +
      w * (0.2857142874366239 + w * (0.1818357216161805 + w * 0.14798198605116586)));
  const r = t2 + t1, hfsq = 0.5 * f * f;
  return k * 0.6931471803691238 - ((hfsq - (s * (hfsq + r) + k * 1.9082149292705877e-10)) - f);
}

/** fdlibm's `__kernel_sin(x, 0, 0)` for `|x| <= π/4`. */
export function sinKernelF64(x: number): number {
  const z = x * x, v = z * x;
  const r = 0.00833333333332249 +
    z * (-0.0001984126982985795 +
        z * (0.0000027557313707070068 + z * (-2.5050760253406863e-8 + z * 1.58969099521155e-10)));
  return x + v * (-0.16666666666666632 + z * r);
}

/** fdlibm's `__kernel_cos(x, 0)` for `|x| <= π/4`. */
export function cosKernelF64(x: number): number {
  const z = x * x, w = z * z;
  const r = z * (0.0416666666666666 + z * (-0.001388888888887411 + z * 0.00002480158728947673)) +
    w * w * (-2.7557314351390663e-7 + z * (2.087572321298175e-9 + z * -1.1359647557788195e-11));
  const hz = 0.5 * z, c = 1 - hz;
  return c + (((1 - c) - hz) + z * r);
}

/** Float64 `cos(2πv)` for `v` in `[0, 1]`. */
export function cosTurnF64(v: number): number {
  const q = (v * 4 + 6755399441055744) - 6755399441055744;
  const x = (v - q * 0.25) * 6.283185307179586, j = q & 3;
  if (j === 0) return cosKernelF64(x);
  if (j === 1) return -sinKernelF64(x);
  if (j === 2) return -cosKernelF64(x);
  return sinKernelF64(x);
}

/** Float64 `sin(2πv)` for `v` in `[0, 1]`. */
export function sinTurnF64(v: number): number {
  const q = (v * 4 + 6755399441055744) - 6755399441055744;
  const x = (v - q * 0.25) * 6.283185307179586, j = q & 3;
  if (j === 0) return sinKernelF64(x);
  if (j === 1) return cosKernelF64(x);
  if (j === 2) return -sinKernelF64(x);
  return -cosKernelF64(x);
}
