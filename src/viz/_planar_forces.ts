/**
 * t-SNE's Barnes-Hut forces in 2-D (what `tsne()` runs by default), in
 * float32 as sklearn's Barnes-Hut (`_barnes_hut_tsne.pyx`) computes them:
 * positions, cells, P, θ² and the duplicate bound rounded to float32, every
 * product and sum rounded to float32. They define what the Wasm kernels of
 * `_wasm_repulsion.ts` and `_wasm_forces.ts` compute lane by lane, bit for
 * bit; results are float32 values in float64 arrays. Self-contained (their
 * source is shipped to the force Workers).
 */

import type { ForceBuffers } from "./_barnes_hut_forces.ts";

/**
 * `repulsion` in 2-D: the same cells in the same order (cells packed as
 * `[bx, by, width2, size]`), in float32.
 */
export function repulsionPlanar(
  b: ForceBuffers,
  start: number,
  end: number,
  theta2: number,
  dof: number,
): void {
  const { px, py, nx, ny, sq } = b;
  const { child, packed } = b.tree;
  const f = Math.fround, t2 = f(theta2), eps = f(1e-6), exponent = (dof + 1) / 2;
  let stack = b.stack;
  for (let i = start; i < end; i++) {
    const x = f(px[i]), y = f(py[i]);
    let fx = 0, fy = 0, sumQ = 0, top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const c = stack[--top];
      const o4 = 4 * c;
      const dx = f(x - f(packed[o4])), dy = f(y - f(packed[o4 + 1]));
      const d2 = f(f(dx * dx) + f(dy * dy));
      const first = child[c];
      if (first < 0) {
        if (Math.abs(dx) <= eps && Math.abs(dy) <= eps) continue;
      } else if (!(f(packed[o4 + 2]) < f(t2 * d2))) {
        if (top + 4 > stack.length) {
          const more = new Int32Array(stack.length * 2);
          more.set(stack);
          stack = b.stack = more;
        }
        const f4 = 4 * first;
        if (packed[f4 + 15] > 0) stack[top++] = first + 3;
        if (packed[f4 + 11] > 0) stack[top++] = first + 2;
        if (packed[f4 + 7] > 0) stack[top++] = first + 1;
        if (packed[f4 + 3] > 0) stack[top++] = first;
        continue;
      }
      let q = f(dof / f(dof + d2));
      if (dof !== 1) q = f(q ** exponent);
      const sizeQ = f(f(packed[o4 + 3]) * q);
      sumQ = f(sumQ + sizeQ);
      const mult = f(sizeQ * q);
      fx = f(fx + f(mult * dx));
      fy = f(fy + f(mult * dy));
    }
    nx[i] = fx;
    ny[i] = fy;
    sq[i] = sumQ;
  }
}

/**
 * `attraction` in 2-D, in float32: a row's entries are dealt to four
 * running sums in turn (entry e of the row to sum e mod 4, as the Wasm
 * kernel's f32x4 lanes take them), added as `(s0 + s2) + (s1 + s3)`.
 */
export function attractionPlanar(
  indptr: Int32Array,
  indices: Int32Array,
  values: Float64Array,
  b: ForceBuffers,
  start: number,
  end: number,
): void {
  const { px, py, ax, ay } = b;
  const f = Math.fround, sx = [0, 0, 0, 0], sy = [0, 0, 0, 0];
  for (let i = start; i < end; i++) {
    const x = f(px[i]), y = f(py[i]), row = indptr[i];
    sx.fill(0), sy.fill(0);
    for (let e = row, stop = indptr[i + 1]; e < stop; e++) {
      const j = indices[e], lane = (e - row) & 3;
      const dx = f(x - f(px[j])), dy = f(y - f(py[j]));
      const q = f(1 / f(f(1 + f(dx * dx)) + f(dy * dy)));
      const mult = f(f(values[e]) * q);
      sx[lane] = f(sx[lane] + f(mult * dx));
      sy[lane] = f(sy[lane] + f(mult * dy));
    }
    ax[i] = f(f(sx[0] + sx[2]) + f(sx[1] + sx[3]));
    ay[i] = f(f(sy[0] + sy[2]) + f(sy[1] + sy[3]));
  }
}

/**
 * `klTerms` in 2-D with one degree of freedom, as the Wasm kernel of
 * `_wasm_kl.ts` computes it: in float64, sklearn's `pᵢⱼ · log(max(pᵢⱼ,
 * tiny) / max(qᵢⱼ / Z, tiny))` with `qᵢⱼ = 1 / (1 + d²)` written without a
 * division, `pᵢⱼ · log(max(pᵢⱼ, tiny) · min((1 + d²) · Z, 1 / tiny))` (the
 * same up to rounding; divisions take most of the kernel's time), with
 * `logPositive` for the log (within an ulp of `Math.log`), a row's terms
 * summed in order.
 */
export function klTermsPlanar(
  indptr: Int32Array,
  indices: Int32Array,
  values: Float64Array,
  b: ForceBuffers,
  start: number,
  end: number,
  sumQ: number,
): void {
  const { px, py, kl } = b;
  const tiny = 2 ** -126, huge = 2 ** 126, w = new Float64Array(1), u = new Uint32Array(w.buffer);
  for (let i = start; i < end; i++) {
    let sum = 0;
    for (let e = indptr[i], stop = indptr[i + 1]; e < stop; e++) {
      const j = indices[e], pij = values[e];
      const dx = px[i] - px[j], dy = py[i] - py[j];
      const zq = Math.min((1 + (dx * dx + dy * dy)) * sumQ, huge); // Z / qᵢⱼ
      sum += pij * logPositive(Math.max(pij, tiny) * zq, w, u);
    }
    kl[i] = sum;
  }
}

/**
 * The natural log of a positive normal finite `x` by fdlibm's `log`
 * (`e_log.c`) without its special cases and small-argument branch: `x =
 * 2ᵏ·(1 + f)` with `1 + f` in [√2/2, √2), `s = f / (2 + f)`, a degree-7
 * polynomial in `s²`; within an ulp of `Math.log` (the same in 98% of
 * cases). `w` and `u` are a float64 scratch and its 32-bit words. The Wasm
 * kernel computes it lane-wise with the same operations.
 */
export function logPositive(x: number, w: Float64Array, u: Uint32Array): number {
  const lg1 = 6.666666666666735130e-1, lg2 = 3.999999999940941908e-1;
  const lg3 = 2.857142874366239149e-1, lg4 = 2.222219843214978396e-1;
  const lg5 = 1.818357216161805012e-1, lg6 = 1.531383769920937332e-1;
  const lg7 = 1.479819860511658591e-1;
  const ln2Hi = 6.93147180369123816490e-1, ln2Lo = 1.90821492927058770002e-10;
  w[0] = x;
  let hx = u[1], k = (hx >>> 20) - 1023;
  hx &= 0xfffff;
  const i = (hx + 0x95f64) & 0x100000;
  u[1] = hx | (i ^ 0x3ff00000); // 1 + f: x's or x/2's mantissa
  k += i >>> 20;
  const f = w[0] - 1, s = f / (2 + f), dk = k, z = s * s, z2 = z * z;
  const t1 = z2 * (lg2 + z2 * (lg4 + z2 * lg6));
  const t2 = z * (lg1 + z2 * (lg3 + z2 * (lg5 + z2 * lg7)));
  const r = t2 + t1, hfsq = 0.5 * f * f;
  return dk * ln2Hi - ((hfsq - (s * (hfsq + r) + dk * ln2Lo)) - f);
}
