/**
 * `matmul` (kernels/matmul.ts and kernels/wasm/matmul.ts): the JS reference
 * against a float64 product (within float32 summation error) and against its
 * documented summation order written out plainly (exact); the Wasm kernel
 * against the JS one bit for bit, for every transpose and epilogue, random
 * shapes (sizes 0, 1, odd, not multiples of 4 or 8, broadcast batches),
 * every tiling, and split unit ranges.
 */

import assert from "node:assert/strict";
import { matmul } from "../../kernels/matmul.ts";
import { emitMatmul } from "../../kernels/wasm/matmul.ts";
import {
  assertBitwise,
  assertSplitInvariant,
  assertWasmMatchesJs,
  buf,
  rebuild,
  rng,
  run,
} from "./_kernel_harness.ts";
import { fmaF32 } from "../../kernels/_fma.ts";
import {
  FMA_SPECS,
  type MatmulCase,
  matmulCase,
  randomShape,
  reference,
  SPECS,
  WASM_SPECS,
} from "./_matmul_cases.ts";

/** The documented float32 order, written out plainly. */
function ordered(c: MatmulCase): Float32Array {
  const fr = Math.fround, { batch, M, N, K, spec } = c, out = new Float32Array(batch * M * N);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        // t + a[i, k] * b[k, j], rounded twice, or once with spec.fma.
        const step = (t: number, k: number) => {
          const a = spec.transA ? c.A[b * c.strideA + k * M + i] : c.A[b * c.strideA + i * K + k];
          const x = spec.transB ? c.B[b * c.strideB + j * K + k] : c.B[b * c.strideB + k * N + j];
          return spec.fma ? fmaF32(a, x, t) : fr(t + fr(a * x));
        };
        let t = 0, k = 0;
        if (spec.transB && !spec.transA) {
          const lanes = [0, 0, 0, 0];
          for (; k + 4 <= K; k += 4) {
            for (let l = 0; l < 4; l++) lanes[l] = step(lanes[l], k + l);
          }
          t = fr(fr(lanes[0] + lanes[2]) + fr(lanes[1] + lanes[3]));
        }
        for (; k < K; k++) t = step(t, k);
        if (spec.bias) t = fr(t + c.bias[j]);
        const o = (b * M + i) * N + j;
        out[o] = spec.relu ? (t > 0 || t !== t ? t : 0) : t;
        // The ReLU's backward: +0 where the mask is at most 0 (a NaN mask keeps the value).
        if (spec.mask && c.mask[o] <= 0) out[o] = 0;
      }
    }
  }
  return out;
}

Deno.test("matmul kernel computes op(A)·op(B) + bias within float32 summation error", () => {
  const r = rng(81);
  for (const spec of [...SPECS, ...FMA_SPECS]) {
    for (let n = 0; n < 12; n++) {
      const c = matmulCase(spec, randomShape(r), r);
      const out = buf(run(c.launch), 3), { value, tol } = reference(c);
      for (let o = 0; o < value.length; o++) {
        assert.ok(
          Math.abs(out[o] - value[o]) <= tol[o],
          `${JSON.stringify(spec)} ${c.batch}×${c.M}×${c.N}×${c.K} element ${o}: ${out[o]} vs ${
            value[o]
          }`,
        );
      }
    }
  }
});

Deno.test("matmul kernel sums in the documented float32 order, NaN and Infinity included", () => {
  const r = rng(82);
  for (const spec of [...SPECS, ...FMA_SPECS]) {
    for (let n = 0; n < 12; n++) {
      const c = matmulCase(spec, randomShape(r), r, true);
      const out = buf(run(c.launch), 3).subarray(0, c.batch * c.M * c.N);
      assertBitwise(out, ordered(c), JSON.stringify(spec));
    }
  }
});

Deno.test("matmul kernel of an empty inner dimension writes the bias (or zeros)", () => {
  const r = rng(83);
  const c = matmulCase(SPECS[2], { batch: 2, M: 3, N: 5, K: 0 }, r);
  assert.equal(SPECS[2].bias, true);
  const out = buf(run(c.launch), 3);
  for (let o = 0; o < out.length; o++) assert.equal(out[o], c.bias[o % 5]);
});

Deno.test("matmul kernel writes only the rows of its range, the same split or not", () => {
  const r = rng(84);
  for (const spec of SPECS) {
    assertSplitInvariant(matmulCase(spec, randomShape(r), r).launch, "js", r, JSON.stringify(spec));
  }
  const c = matmulCase(SPECS[0], { batch: 2, M: 5, N: 3, K: 4 }, r);
  const out = buf(run(c.launch, "js", [[2, 7]]), 3);
  const untouched = [...out.slice(0, 6), ...out.slice(21)];
  assert.deepEqual(untouched, new Array(untouched.length).fill(-1234.5));
  assert.ok(out.slice(6, 21).every((x) => x !== -1234.5));
});

Deno.test("Wasm matmul matches the JS kernel bit for bit, in one launch and split", () => {
  const r = rng(85);
  for (const spec of WASM_SPECS) {
    for (let n = 0; n < 10; n++) {
      assertWasmMatchesJs(matmulCase(spec, randomShape(r), r, true).launch, r, [3]);
    }
  }
});

Deno.test("Wasm matmul matches the JS kernel with every tiling", () => {
  const r = rng(86);
  const tilings = [
    {
      rows: 1,
      tRows: 1,
      vecs: 1,
      unroll: 1,
      dotRows: 1,
      dotCols: 4,
      dotUnroll: 1,
      kBlock: 0,
      mBlock: 0,
    },
    {
      rows: 3,
      tRows: 4,
      vecs: 3,
      unroll: 2,
      dotRows: 3,
      dotCols: 5,
      dotUnroll: 3,
      kBlock: 1,
      mBlock: 1,
    },
    {
      rows: 6,
      tRows: 6,
      vecs: 2,
      unroll: 8,
      dotRows: 4,
      dotCols: 7,
      dotUnroll: 4,
      kBlock: 5,
      mBlock: 7,
    },
    {
      rows: 5,
      tRows: 3,
      vecs: 1,
      unroll: 3,
      dotRows: 2,
      dotCols: 8,
      dotUnroll: 1,
      kBlock: 8,
      mBlock: 3,
    },
  ];
  for (const tiling of tilings) {
    for (const spec of WASM_SPECS) {
      const shape = {
        batch: 2,
        M: 13,
        N: 31,
        K: 17,
        broadcast: r() < 0.5 ? "A" as const : "B" as const,
      };
      const c = matmulCase(spec, shape, r, true);
      assertWasmMatchesJs(c.launch, r, [3], emitMatmul({ ...spec, ...tiling }));
    }
  }
});

Deno.test("Wasm matmul matches the JS kernel across row blocks and every tile's remainder", () => {
  const r = rng(88);
  // Rows crossing blocks of 60 (64 with Aᵀ·Bᵀ) and tiles of 6, 2, 1 (5 with Aᵀ·B; 8, 4 with Aᵀ·Bᵀ); columns past tiles of
  // 8 (6 with Bᵀ), 4 and 1; k past the unrolled steps; K = 0 and 1; N < 4; batches.
  const shapes = [
    { batch: 1, M: 67, N: 23, K: 21 },
    { batch: 2, M: 37, N: 17, K: 19, broadcast: "B" as const },
    { batch: 3, M: 23, N: 3, K: 1 },
    { batch: 2, M: 9, N: 10, K: 0, broadcast: "A" as const },
    { batch: 1, M: 62, N: 14, K: 35 },
  ];
  for (const shape of shapes) {
    for (const spec of WASM_SPECS) {
      const c = matmulCase(spec, shape, r, true);
      assertWasmMatchesJs(c.launch, r, [3]);
      assertWasmMatchesJs(c.launch, r, [3], emitMatmul({ ...spec, mBlock: 16, rows: 4, tRows: 3 }));
    }
  }
});

Deno.test("matmul kernel rebuilt from its source text computes the same", () => {
  const r = rng(87);
  assert.ok(rebuild(matmul));
  for (const spec of [...SPECS, ...FMA_SPECS]) {
    const c = matmulCase(spec, { batch: 2, M: 7, N: 9, K: 13 }, r, true);
    assertBitwise(buf(run(c.launch, "rebuilt"), 3), buf(run(c.launch), 3), JSON.stringify(spec));
  }
});
