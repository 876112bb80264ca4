/**
 * Float32 transcendental functions shared by the elementwise and softmax
 * kernels, written as float32 step sequences: every `Math.fround` below is a
 * float32 rounding that the Wasm emitters in `kernels/wasm/_math.ts` perform
 * with the same f32x4 instruction, in the same order, so JS and Wasm agree
 * bit for bit. Constants are float32 values written out exactly.
 *
 * - `ewExp`: Cody-Waite reduction `x = n ln2 + r` (`|r| <= ln2 / 2`), a
 *   degree-6 polynomial (Cephes `expf`), scaled by `2^n` in two exact steps
 *   so subnormal results round once. Overflows to `Infinity` above ~88.72.
 * - `ewLog`: `x = m 2^e` with `m` in `[sqrt(1/2), sqrt(2))`, a degree-9
 *   polynomial in `m - 1` (Cephes `logf`); subnormals are scaled by `2^23` first.
 * - `ewTanh`: odd polynomial below 0.625 (Cephes `tanhf`), else
 *   `1 - 2 / (exp(2|x|) + 1)` with the sign of `x`.
 * - `ewErf`: `x P(x^2)` below 0.9, else `1 - exp(Q(|x| - 2.45))` with `Q`
 *   fitted to `log(erfc)` on [0.9, 4] (erf is 1 in float32 beyond 3.92).
 * - `ewSigmoid`: `1 / (1 + exp(-x))`; `ewGelu`: `x 0.5 (1 + erf(x / sqrt 2))`.
 * - `ewPow`: `Math.pow` rounded once, except that `pow(1, y)` and
 *   `pow(-1, ±Infinity)` are 1 as in C and PyTorch (`Math.pow` gives NaN).
 *
 * Accuracy against float64 (tests/kernels/_math_test.ts): exp and log within
 * 1 ulp (subnormals included); tanh, and sigmoid while its result is normal,
 * within 2 ulp; erf within 3 ulp or 2e-7 absolute; gelu within 4 ulp or 5e-7
 * absolute (its `1 + erf` cancels for x below about -3, as PyTorch's does).
 *
 * These are self-contained functions (no imports, no closures): the kernels
 * list them as `helpers`, and Workers rebuild them from their source text.
 *
 * @module
 */

/** Float32 `exp(x)`. */
export function ewExp(x: number): number {
  const f = Math.fround, c = Math.min(Math.max(x, -104), 89);
  const n = f(f(f(c * 1.4426950216293335) + 12582912) - 12582912);
  let r = f(c - f(n * 0.693359375));
  r = f(r - f(n * -0.00021219444170128554));
  const z = f(r * r);
  let p = 0.00019875691214110702;
  p = f(f(p * r) + 0.001398199936375022);
  p = f(f(p * r) + 0.008333452045917511);
  p = f(f(p * r) + 0.04166579619050026);
  p = f(f(p * r) + 0.1666666567325592);
  p = f(f(p * r) + 0.5);
  p = f(f(f(p * z) + r) + 1);
  const k = Math.floor(n / 2);
  return f(f(p * 2 ** k) * 2 ** (n - k));
}

/** Float32 `log(x)`. */
export function ewLog(x: number): number {
  const f = Math.fround;
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  let e = 0;
  if (x < 1.1754943508222875e-38) {
    x *= 8388608;
    e = -23;
  }
  let k = Math.floor(Math.log2(x)) + 1, m = x / 2 ** k;
  if (m >= 1) m /= 2, k++;
  else if (m < 0.5) m *= 2, k--;
  e += k;
  let t;
  if (m < 0.7071067690849304) e -= 1, t = f(f(m + m) - 1);
  else t = f(m - 1);
  const z = f(t * t);
  let y = 0.07037683576345444;
  y = f(f(y * t) + -0.11514610052108765);
  y = f(f(y * t) + 0.11676998436450958);
  y = f(f(y * t) + -0.12420140951871872);
  y = f(f(y * t) + 0.14249323308467865);
  y = f(f(y * t) + -0.16668057441711426);
  y = f(f(y * t) + 0.2000071406364441);
  y = f(f(y * t) + -0.24999994039535522);
  y = f(f(y * t) + 0.3333333134651184);
  y = f(f(y * t) * z);
  y = f(y + f(e * -0.00021219444170128554));
  y = f(y + f(z * -0.5));
  return f(f(t + y) + f(e * 0.693359375));
}

/** Float32 `tanh(x)`. */
export function ewTanh(x: number): number {
  const f = Math.fround, a = Math.abs(x);
  let r;
  if (a >= 0.625) {
    r = f(1 - f(2 / f(ewExp(f(a + a)) + 1)));
    if (x < 0) r = -r;
  } else {
    const s = f(x * x);
    let p = -0.0057049887254834175;
    p = f(f(p * s) + 0.0206390880048275);
    p = f(f(p * s) + -0.05373971536755562);
    p = f(f(p * s) + 0.13331441581249237);
    p = f(f(p * s) + -0.3333328068256378);
    r = f(f(f(p * s) * x) + x);
  }
  return r === 0 ? x : r;
}

/** Float32 `erf(x)`. */
export function ewErf(x: number): number {
  const f = Math.fround, a = Math.abs(x);
  if (a < 0.8999999761581421) {
    const s = f(x * x);
    let p = 0.0000855228427099064;
    p = f(f(p * s) + -0.0008185741608031094);
    p = f(f(p * s) + 0.005204852670431137);
    p = f(f(p * s) + -0.026860971003770828);
    p = f(f(p * s) + 0.11283725500106812);
    p = f(f(p * s) + -0.37612634897232056);
    p = f(f(p * s) + 1.128379225730896);
    return f(p * x);
  }
  const u = f(Math.min(a, 4) - 2.450000047683716);
  let q = 0.000001610222966519359;
  q = f(f(q * u) + -0.000013952066183264833);
  q = f(f(q * u) + 0.00008218188304454088);
  q = f(f(q * u) + -0.000444083649199456);
  q = f(f(q * u) + 0.0022731367498636246);
  q = f(f(q * u) + -0.011302238330245018);
  q = f(f(q * u) + -0.9422318339347839);
  q = f(f(q * u) + -5.258373737335205);
  q = f(f(q * u) + -7.541539669036865);
  const r = f(1 - ewExp(q));
  return x < 0 ? -r : r;
}

/** Float32 `sigmoid(x) = 1 / (1 + exp(-x))`. */
export function ewSigmoid(x: number): number {
  return Math.fround(1 / Math.fround(1 + ewExp(-x)));
}

/** Float32 exact GELU, `x 0.5 (1 + erf(x / sqrt 2))` (PyTorch's default). */
export function ewGelu(x: number): number {
  const f = Math.fround;
  return f(f(x * 0.5) * f(1 + ewErf(f(x * 0.7071067690849304))));
}

/** Float32 `pow(x, y)` with C's special cases (see above). */
export function ewPow(x: number, y: number): number {
  if (x === 1 || (x === -1 && (y === Infinity || y === -Infinity))) return 1;
  return Math.fround(Math.pow(x, y));
}
