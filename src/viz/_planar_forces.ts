/**
 * t-SNE's Barnes-Hut forces in 2-D (what `tsne()` runs by default), in
 * float32 as sklearn's Barnes-Hut (`_barnes_hut_tsne.pyx`) computes them:
 * positions, cells, P, θ² and the duplicate bound rounded to float32, every
 * product and sum rounded to float32. They define what the Wasm kernels of
 * `_wasm_repulsion.ts` and `_wasm_forces.ts` compute lane by lane, bit for
 * bit; results are float32 values in float64 arrays. Self-contained but
 * for `logF64` (their source and its are shipped to the force Workers).
 */

import type { ForceBuffers } from "./_barnes_hut_forces.ts";
import { logF64 } from "../../kernels/_math64.ts";

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
 * the project's float64 `logF64` for the log (within an ulp of `Math.log`), a row's terms
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
  const tiny = 2 ** -126, huge = 2 ** 126, bits = new DataView(new ArrayBuffer(8));
  for (let i = start; i < end; i++) {
    let sum = 0;
    for (let e = indptr[i], stop = indptr[i + 1]; e < stop; e++) {
      const j = indices[e], pij = values[e];
      const dx = px[i] - px[j], dy = py[i] - py[j];
      const zq = Math.min((1 + (dx * dx + dy * dy)) * sumQ, huge); // Z / qᵢⱼ
      sum += pij * logF64(Math.max(pij, tiny) * zq, bits);
    }
    kl[i] = sum;
  }
}
