/**
 * `softmax_grad` (kernels/softmax_grad.ts, kernels/wasm/softmax_grad.ts):
 * Wasm against the JS reference bit for bit, the float64 formula, and
 * central finite differences of the float64 (log-)softmax.
 *
 * Tolerance against the float64 formula: `8 · 2^-24 (|y| (|g| + Σ|g y|))`
 * for softmax and `8 · 2^-24 (|g| + exp(y) Σ|g|)` for log-softmax, absolute
 * (the subtraction cancels; each input rounding is bounded by these).
 */

import assert from "node:assert/strict";
import { softmaxGrad } from "../../kernels/softmax_grad.ts";
import { forLanes, gradLaunch, logits, SHAPES, softmax64 } from "./_softmax_cases.ts";
import {
  assertBitwise,
  assertWasmMatchesJs,
  buf,
  f32Values,
  rebuild,
  rng,
  run,
} from "./_kernel_harness.ts";

const EPS = 2 ** -24;

Deno.test("softmax_grad kernel in Wasm matches the JS reference bit for bit, rows and grouped lanes", () => {
  const r = rng(31);
  for (const shape of SHAPES) {
    for (const log of [false, true]) {
      for (const scale of [1, 100]) {
        const y = Float32Array.from(softmax64(logits(shape, r, scale), shape, log));
        assertWasmMatchesJs(gradLaunch(log, logits(shape, r, scale), y, shape), r);
      }
    }
  }
});

Deno.test("softmax_grad kernel matches the float64 formula", () => {
  const r = rng(32);
  for (const shape of SHAPES) {
    for (const log of [false, true]) {
      const y = Float32Array.from(softmax64(logits(shape, r, 8, false), shape, log));
      const g = logits(shape, r, 3, false);
      for (const backend of ["js", "wasm"] as const) {
        const dx = buf(run(gradLaunch(log, g, y, shape), backend), 0);
        forLanes(shape, (idx) => {
          const s = idx.reduce((a, k) => a + (log ? g[k] : g[k] * y[k]), 0);
          const abs = idx.reduce((a, k) => a + Math.abs(log ? g[k] : g[k] * y[k]), 0);
          for (const k of idx) {
            const want = log ? g[k] - Math.exp(y[k]) * s : y[k] * (g[k] - s);
            const tol = 8 * EPS *
              (log
                ? Math.abs(g[k]) + Math.exp(y[k]) * abs
                : Math.abs(y[k]) * (Math.abs(g[k]) + abs));
            assert.ok(
              Math.abs(dx[k] - want) <= tol + 1e-44,
              `${backend} ${log} ${shape}[${k}]: ${dx[k]} vs ${want}`,
            );
          }
        });
      }
    }
  }
});

Deno.test("softmax_grad kernel is the gradient of softmax and log-softmax (finite differences)", () => {
  const r = rng(33), h = 1e-6;
  for (const shape of [[2, 5, 1], [1, 6, 3]] as const) {
    for (const log of [false, true]) {
      const x = Float64Array.from(
        f32Values(shape[0] * shape[1] * shape[2], r, { special: false }),
        (v) => v * 3,
      );
      const g = f32Values(x.length, r, { special: false });
      const loss = (z: Float64Array) =>
        softmax64(z, shape, log).reduce((a, v, k) => a + g[k] * v, 0);
      const y = Float32Array.from(softmax64(x, shape, log));
      const dx = buf(run(gradLaunch(log, g, y, shape), "wasm"), 0);
      for (let k = 0; k < x.length; k++) {
        const up = Float64Array.from(x), down = Float64Array.from(x);
        up[k] += h, down[k] -= h;
        const fd = (loss(up) - loss(down)) / (2 * h);
        assert.ok(
          Math.abs(dx[k] - fd) <= 1e-5 * (1 + Math.abs(fd)),
          `${log} ${shape}[${k}]: ${dx[k]} vs ${fd}`,
        );
      }
    }
  }
});

Deno.test("softmax_grad kernel rebuilt from its source text computes the same", () => {
  const r = rng(34);
  for (const shape of SHAPES) {
    const log = shape[0] % 2 === 0,
      y = Float32Array.from(softmax64(logits(shape, r, 5), shape, log));
    const l = gradLaunch(log, logits(shape, r, 2), y, shape);
    assertBitwise(buf(run(l, rebuild(softmaxGrad)), 0), buf(run(l, "js"), 0), `${shape}`);
  }
});
