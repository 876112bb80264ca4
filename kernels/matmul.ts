/**
 * `matmul`: batched `C[b] = op(A[b]) · op(B[b])` (+ `bias`) (then ReLU),
 * where `op` is the identity or the transpose (`transA`, `transB`): the
 * kernel of `matmul` and of a linear layer's forward `Y = X·Wᵀ` (`transB`),
 * and of its backward products `dX = dY·W` and `dW = dYᵀ·X` (`transA`).
 *
 * Layouts (float32, row-major, contiguous): `op(A)` is `M × K`, stored
 * `[M, K]`, or `[K, M]` when `transA`; `op(B)` is `K × N`, stored `[K, N]`,
 * or `[N, K]` when `transB`; `C` is `[batch, M, N]`; `bias` has `N` values
 * (one per column). Matrix `b` of `A` starts `b * strideA` floats after `A`
 * (likewise `B`); a stride of 0 broadcasts one matrix over the batch.
 *
 * Summation order of `C[i, j]` (every product and sum rounded to float32;
 * with `spec.fma`, each step `t = t + a * b` below is a fused multiply-add
 * `t = fma(a, b, t)` instead, rounded once; the order is the same):
 * - `transB` false, or `transA` and `transB`: one sum over `k = 0 .. K-1`
 *   in order, from +0: `t = t + a[i,k] * b[k,j]`.
 * - `transB` true and `transA` false: four lane sums `s_l` over `k = 4q + l` for
 *   `q < K >> 2`, in order, from +0; then `t = (s0 + s2) + (s1 + s3)`;
 *   then the `K % 4` trailing `k` in order, `t = t + a[i,k] * b[k,j]`.
 *
 * `spec.fma` is set where the runtime's Wasm relaxed SIMD `f32x4.relaxed_madd`
 * is fused on this hardware (`src/wasm/relaxed_fma.ts`) unless switched off
 * (`setBackend({ fma: "off" })`); this kernel then computes the same fused
 * steps exactly (`fmaF32`, kernels/_fma.ts), so JS and Wasm kernels agree bit
 * for bit in either mode. Results of the two modes may differ in the last
 * bits, as PyTorch's do across CPUs.
 *
 * Then, when `bias`, `t = t + bias[j]` (one more rounding), when
 * `relu`, `t = max(t, 0)` (NaN stays NaN, -0 becomes +0), and when `mask`,
 * `t = +0` where `mask[b * M + i, j] ≤ 0` (a ReLU's backward: `mask` is the
 * ReLU's output, of `C`'s shape; a NaN keeps `t`).
 *
 * It dereferences no index data (sizes and pointers come from the runtime),
 * so it has nothing to guard and always returns 0. `C` must not overlap `A`,
 * `B` or `bias` (the Wasm kernel keeps partial sums in `C` between passes
 * over `k`).
 *
 * Args: as `SIG` names them (`bias` is ignored without `spec.bias`; `mask`
 * is one pointer with `spec.mask`, none without). Units: output rows across
 * the batch (`b * M + i`), each writing only its row of `C`; split "even".
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, list, signature } from "./signature.ts";
import { fmaF32 } from "./_fma.ts";

const SIG = signature({
  A: "f32*",
  B: "f32*",
  bias: "f32*",
  C: "f32*",
  M: "int",
  N: "int",
  K: "int",
  strideA: "int",
  strideB: "int",
  mask: list("f32*", (s: MatmulSpec) => s.mask ? 1 : 0),
});

/** Static spec of `matmul`: transposes and epilogue (sizes are args). */
export type MatmulSpec = {
  /** `A` is stored `[K, M]`. */
  readonly transA: boolean;
  /** `B` is stored `[N, K]`. */
  readonly transB: boolean;
  /** Adds `bias[j]` to column `j`. */
  readonly bias: boolean;
  /** Applies ReLU after the bias. */
  readonly relu: boolean;
  /** Zeroes the outputs whose `mask` element is at most 0 (the ReLU's backward), last. */
  readonly mask?: boolean;
  /** Each step `t = t + a * b` is a fused multiply-add (set only where Wasm's is fused). */
  readonly fma?: boolean;
};

function matmulJs(
  h: Heap,
  s: MatmulSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, fr = Math.fround;
  const { A, B, bias, C, M, N, K, strideA, strideB } = a, mask = s.mask ? a.mask[0] : 0;
  // op(A)[i, k] is at A + i * ai + k * ak; op(B)[k, j] at B + k * bk + j * bj.
  const ai = s.transA ? 1 : K, ak = s.transA ? M : 1;
  const bk = s.transB ? 1 : N, bj = s.transB ? K : 1;
  const K4 = s.transB && !s.transA ? K >> 2 : 0;
  // One step `t = t + x * y` of a sum: fused (rounded once) or a product and a sum.
  const madd = s.fma === true ? fmaF32 : (x: number, y: number, t: number) => fr(t + fr(x * y));
  for (let u = start; u < end; u++) {
    const b = Math.floor(u / M), i = u - b * M;
    const pa = A + b * strideA + i * ai, pc = C + u * N;
    for (let j = 0; j < N; j++) {
      const pb = B + b * strideB + j * bj;
      let t = 0;
      if (K4 > 0) {
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let k = 0; k < 4 * K4; k += 4) {
          const a0 = f32[pa + k * ak], a1 = f32[pa + (k + 1) * ak];
          const a2 = f32[pa + (k + 2) * ak], a3 = f32[pa + (k + 3) * ak];
          const b0 = f32[pb + k * bk], b1 = f32[pb + (k + 1) * bk];
          const b2 = f32[pb + (k + 2) * bk], b3 = f32[pb + (k + 3) * bk];
          s0 = madd(a0, b0, s0);
          s1 = madd(a1, b1, s1);
          s2 = madd(a2, b2, s2);
          s3 = madd(a3, b3, s3);
        }
        t = fr(fr(s0 + s2) + fr(s1 + s3));
      }
      for (let k = 4 * K4; k < K; k++) {
        const x = f32[pa + k * ak], y = f32[pb + k * bk];
        t = madd(x, y, t);
      }
      if (s.bias) t = fr(t + f32[bias + j]);
      if (s.relu) t = Math.max(t, 0);
      if (s.mask && f32[mask + u * N + j] <= 0) t = 0;
      f32[pc + j] = t;
    }
  }
  return 0;
}

/** The batched matrix-product kernel. */
export const matmul: Kernel<MatmulSpec, typeof SIG> = {
  name: "matmul",
  sig: SIG,
  unit: "row",
  js: matmulJs,
  helpers: [fmaF32],
};
