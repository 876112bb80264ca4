/**
 * Jump-ahead of xoshiro128**: its transition `T` is linear over GF(2) on the
 * 128-bit state, so `T^n = r(T)` with `r = x^n mod p`, `p` the characteristic
 * polynomial of `T` (found once by Berlekamp–Massey on an output bit). A jump
 * by `n` steps is then 128 steps and XORs (Horner's scheme on the state),
 * whatever `n` is, which lets Workers start their chunk of a stream at the
 * state a sequential loop would have reached.
 *
 * @module
 */

/** One xoshiro128** step of `s` in place (the same transition as `Random`). */
export function xoshiroStep(s: Int32Array): void {
  const s0 = s[0], s1 = s[1];
  const s2 = s[2] ^ s0, s3 = s[3] ^ s1;
  s[1] = s1 ^ s2;
  s[0] = s0 ^ s3;
  s[2] = s2 ^ (s1 << 9);
  s[3] = (s3 << 11) | (s3 >>> 21);
}

/** The characteristic polynomial of the transition, bit i = coefficient of x^i (degree 128). */
function characteristic(): bigint {
  // 256 terms of one state bit determine a linear recurrence of order up to 128.
  const s = Int32Array.of(0x1234567, -0x765432, 0x0badcafe, 0x13579bd);
  const bits: number[] = [];
  for (let k = 0; k < 256; k++, xoshiroStep(s)) bits.push(s[0] & 1);
  // Berlekamp–Massey over GF(2): C(x) = 1 + c1 x + ... + cL x^L.
  let c = 1n, b = 1n, L = 0, m = 1;
  for (let k = 0; k < bits.length; k++) {
    let d = bits[k];
    for (let i = 1; i <= L; i++) d ^= Number((c >> BigInt(i)) & 1n) & bits[k - i];
    if (d === 0) m++;
    else if (2 * L <= k) {
      const t = c;
      c ^= b << BigInt(m);
      L = k + 1 - L;
      b = t;
      m = 1;
    } else {
      c ^= b << BigInt(m);
      m++;
    }
  }
  if (L !== 128) throw new Error(`internal: xoshiro128** recurrence of order ${L}`);
  // p(x) = x^L C(1/x): the reversed coefficients.
  let p = 0n;
  for (let i = 0; i <= L; i++) if ((c >> BigInt(i)) & 1n) p |= 1n << BigInt(L - i);
  return p;
}

let charPoly: bigint | undefined;
const DEGREE = 128n;

/** `a · b mod p` over GF(2), for `a, b` of degree below 128. */
function mulMod(a: bigint, b: bigint, p: bigint): bigint {
  let r = 0n;
  for (; b !== 0n; b >>= 1n) {
    if (b & 1n) r ^= a;
    a <<= 1n;
    if ((a >> DEGREE) & 1n) a ^= p;
  }
  return r;
}

/**
 * The jump polynomial `x^n mod p` for `n` steps, as four int32 words (bit i
 * of word w is the coefficient of x^(32w + i)): apply it with `jumpState`.
 *
 * @param n Any non-negative safe integer or BigInt (the period is 2^128 − 1).
 */
export function jumpPolynomial(n: number | bigint): Int32Array {
  if (typeof n === "number" ? !Number.isSafeInteger(n) || n < 0 : n < 0n) {
    throw new Error(`internal: jump by ${n} steps`);
  }
  const p = charPoly ??= characteristic();
  let r = 1n, x = 2n; // x^0 and x^1
  for (let k = BigInt(n); k !== 0n; k >>= 1n) {
    if (k & 1n) r = mulMod(r, x, p);
    x = mulMod(x, x, p);
  }
  const words = new Int32Array(4);
  for (let w = 0; w < 4; w++) words[w] = Number(BigInt.asUintN(32, r >> BigInt(32 * w))) | 0;
  return words;
}

/** Advances the state `s` in place by the steps of `poly` (from `jumpPolynomial`). */
export function jumpState(s: Int32Array, words: Int32Array): void {
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  let s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
  for (let i = 0; i < 128; i++) {
    if ((words[i >> 5] >>> (i & 31)) & 1) {
      a0 ^= s0;
      a1 ^= s1;
      a2 ^= s2;
      a3 ^= s3;
    }
    // xoshiroStep on locals.
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
  }
  s[0] = a0;
  s[1] = a1;
  s[2] = a2;
  s[3] = a3;
}
