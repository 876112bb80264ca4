/**
 * Arguments for the float64 functions of kernels/_math64.ts: the uniforms
 * the normal transform meets (53-bit multiples of 2^-53 in (0, 1)), their
 * smallest and largest values, neighbours of the reduction's boundaries
 * (sqrt(2) 2^k for `logF64`; the octants k/8, where `4v` rounds half to
 * even, for the turn functions), and log-spread small values.
 */

import { Random } from "../../src/tensor/random.ts";

/** `x` moved by `n` ulps (n may be negative; x positive). */
export function nextUp(x: number, n = 1): number {
  const f = new Float64Array([x]), b = new BigInt64Array(f.buffer);
  b[0] += BigInt(n);
  return f[0];
}

/** Arguments of `logF64`: positive normal numbers, most in `[2^-53, 1)`. */
export function logPoints(count: number): Float64Array {
  const g = new Random(101),
    out: number[] = [2 ** -53, 1 - 2 ** -53, 0.5, 1, 2, 3, 1e300, 2 ** -1022];
  for (let e = -60; e <= 4; e++) {
    for (const d of [-2, -1, 0, 1, 2]) out.push(nextUp(Math.SQRT2 * 2 ** e, d), nextUp(2 ** e, d));
  }
  for (let i = 0; i < count; i++) {
    const u = g.uniform();
    out.push(u === 0 ? 2 ** -53 : u, 1 - u * 2 ** -20, (g.uniform() + 0.5) * 2 ** -(i % 54));
  }
  return Float64Array.from(out.length % 2 ? [...out, 0.75] : out);
}

/** Arguments of the turn functions: `[0, 1]`, most of them 53-bit uniforms. */
export function turnPoints(count: number): Float64Array {
  const g = new Random(202), out: number[] = [0, 1, nextUp(1, -1), 2 ** -53, 2 ** -1074];
  for (let k = 0; k <= 8; k++) {
    for (const d of [-2, -1, 0, 1, 2]) {
      const v = nextUp(k / 8, d);
      if (v >= 0 && v <= 1) out.push(v);
    }
  }
  for (let i = 0; i < count; i++) out.push(g.uniform(), g.uniform() * 2 ** -(i % 40));
  return Float64Array.from(out.length % 2 ? [...out, 0.3] : out);
}
