/**
 * Random `matmul` launches (kernels/matmul.ts) and a float64 reference: shapes
 * with sizes 0, 1, odd and not multiples of 4 or 8, batches with one operand
 * broadcast, every transpose and epilogue (the ReLU-backward mask with and
 * without a bias or ReLU before it).
 */

import type { MatmulSpec } from "../../kernels/matmul.ts";
import { relaxedFmaFused } from "../../src/wasm/relaxed_fma.ts";
import { f32Sentinel, f32Values, type Launch } from "./_kernel_harness.ts";

/** A matmul case: the launch and the data it was built from. */
export interface MatmulCase {
  readonly launch: Launch;
  readonly spec: MatmulSpec;
  readonly batch: number;
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly A: Float32Array;
  readonly B: Float32Array;
  readonly bias: Float32Array;
  /** The mask, of C's shape (read with `spec.mask`). */
  readonly mask: Float32Array;
  /** Floats between matrices of A and B (0: broadcast). */
  readonly strideA: number;
  readonly strideB: number;
}

/** Sizes the cases draw from. */
export const SIZES = [0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 16, 17, 31, 33] as const;

/** Every combination of the four flags, then every transpose with a mask (after a bias, a ReLU). */
export const SPECS: readonly MatmulSpec[] = [
  ...[false, true].flatMap((transA) =>
    [false, true].flatMap((transB) =>
      [false, true].flatMap((bias) => [false, true].map((relu) => ({ transA, transB, bias, relu })))
    )
  ),
  ...[false, true].flatMap((transA) =>
    [false, true].flatMap((transB) =>
      [false, true].map((bias) => ({ transA, transB, bias, relu: !bias, mask: true }))
    )
  ),
];

/** `SPECS` with fused multiply-adds. */
export const FMA_SPECS: readonly MatmulSpec[] = SPECS.map((s) => ({ ...s, fma: true }));

/** The specs a Wasm kernel can run here: with fused multiply-adds where `relaxed_madd` is fused. */
export const WASM_SPECS: readonly MatmulSpec[] = relaxedFmaFused()
  ? [...SPECS, ...FMA_SPECS]
  : SPECS;

/** A launch of `spec` on the given shape, with random data (NaN and ±Infinity when `special`). */
export function matmulCase(
  spec: MatmulSpec,
  shape: { batch: number; M: number; N: number; K: number; broadcast?: "A" | "B" },
  r: () => number,
  special = false,
): MatmulCase {
  const { batch, M, N, K } = shape;
  const strideA = shape.broadcast === "A" ? 0 : M * K,
    strideB = shape.broadcast === "B" ? 0 : K * N;
  const A = f32Values(Math.max(1, batch * M * K), r, { special });
  const B = f32Values(Math.max(1, batch * K * N), r, { special });
  const bias = f32Values(Math.max(1, N), r, { special });
  const mask = f32Values(Math.max(1, batch * M * N), r, { special });
  const C = f32Sentinel(Math.max(1, batch * M * N));
  const launch: Launch = {
    kernel: "matmul",
    spec,
    args: [A, B, spec.bias ? bias : 0, C, M, N, K, strideA, strideB, ...(spec.mask ? [mask] : [])],
    units: batch * M,
  };
  return { launch, spec, batch, M, N, K, A, B, bias, mask, strideA, strideB };
}

/** A random shape (sizes from `SIZES`, batch 1 to 3, sometimes one operand broadcast). */
export function randomShape(
  r: () => number,
): { batch: number; M: number; N: number; K: number; broadcast?: "A" | "B" } {
  const pick = () => SIZES[Math.floor(r() * SIZES.length)];
  const batch = 1 + Math.floor(r() * 3), u = r();
  return {
    batch,
    M: pick(),
    N: pick(),
    K: pick(),
    broadcast: u < 0.25 ? "A" : u < 0.5 ? "B" : undefined,
  };
}

/** `op(X)[row, col]` of matrix `b` of a stored operand. */
function at(
  x: Float32Array,
  stride: number,
  b: number,
  trans: boolean,
  rows: number,
  cols: number,
) {
  return (row: number, col: number) =>
    x[b * stride + (trans ? col * rows + row : row * cols + col)];
}

/**
 * The product in float64, and a bound on float32 summation error for each
 * output (`(K + 2) · 2⁻²³ · (Σ|a·b| + |bias|)`).
 */
export function reference(c: MatmulCase): { value: Float64Array; tol: Float64Array } {
  const { batch, M, N, K, spec } = c;
  const value = new Float64Array(batch * M * N), tol = new Float64Array(batch * M * N);
  for (let b = 0; b < batch; b++) {
    const a = at(c.A, c.strideA, b, spec.transA, M, K),
      bb = at(c.B, c.strideB, b, spec.transB, K, N);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let sum = spec.bias ? c.bias[j] : 0, mag = Math.abs(sum);
        for (let k = 0; k < K; k++) {
          sum += a(i, k) * bb(k, j);
          mag += Math.abs(a(i, k) * bb(k, j));
        }
        const o = (b * M + i) * N + j;
        value[o] = spec.relu ? Math.max(sum, 0) : sum;
        if (spec.mask && c.mask[o] <= 0) value[o] = 0;
        tol[o] = (K + 2) * 2 ** -23 * mag + 1e-30;
      }
    }
  }
  return { value, tol };
}
