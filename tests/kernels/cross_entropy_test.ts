/**
 * The fused cross-entropy kernels (kernels/cross_entropy.ts,
 * kernels/cross_entropy_grad.ts and their Wasm emitters): Wasm against the
 * JS reference bit for bit (every `N % 4`, ignored rows, weights, label
 * smoothing, NaN and ±Infinity logits, split launches), the JS bodies as
 * Workers rebuild them, 2 Workers, float64 references of PyTorch's formulas,
 * and `FAULT` at a bad target.
 */

import assert from "node:assert/strict";
import { FAULT } from "../../kernels/kernel.ts";
import { crossEntropyGrad } from "../../kernels/cross_entropy_grad.ts";
import { crossEntropyKernel } from "../../kernels/cross_entropy.ts";
import { runOnWorkers } from "./_pool_run.ts";
import { assertSameRuns, assertWasmMatchesJs, buf, rebuild, rng, run } from "./_kernel_harness.ts";
import {
  ce64,
  CE_SHAPES,
  type CeCase,
  ceCase,
  ceGrad64,
  ceGradLaunch,
  ceLaunch,
} from "./_ce_cases.ts";

const REDUCTIONS = ["none", "sum", "mean"] as const;
const OPTIONS = [false, true].flatMap((weighted) => [0, 0.2].map((eps) => ({ weighted, eps })));

function* cases(r: () => number, special: boolean): Generator<CeCase> {
  for (const shape of CE_SHAPES) {
    for (const o of OPTIONS) {
      for (const scale of [1, 30, 1e4]) yield ceCase(shape, r, { ...o, scale, special });
    }
  }
}

const gradOf = (c: CeCase, reduction: string, r: () => number) =>
  Float32Array.from({ length: reduction === "none" ? c.N : 1 }, () => r() * 4 - 2);

Deno.test("cross_entropy kernels in Wasm match the JS reference bit for bit, split too", () => {
  const r = rng(61);
  for (const c of cases(r, true)) {
    for (const red of REDUCTIONS) {
      assertWasmMatchesJs(ceLaunch(c, red), r);
      assertWasmMatchesJs(ceGradLaunch(c, red, gradOf(c, red, r)), r);
    }
  }
});

Deno.test("cross_entropy kernels rebuilt from source (as Workers run them) give the same bits", () => {
  const r = rng(62);
  for (const c of cases(r, true)) {
    for (const red of REDUCTIONS) {
      const fwd = ceLaunch(c, red), bwd = ceGradLaunch(c, red, gradOf(c, red, r));
      assertSameRuns(run(fwd, rebuild(crossEntropyKernel)), run(fwd, "js"), `${red} forward`);
      assertSameRuns(run(bwd, rebuild(crossEntropyGrad)), run(bwd, "js"), `${red} backward`);
    }
  }
});

Deno.test("cross_entropy kernels match PyTorch's formulas in float64", () => {
  const r = rng(63);
  for (const c of cases(r, false)) {
    for (const red of REDUCTIONS) {
      const g = gradOf(c, red, r);
      const cases: [string, Float32Array, number[]][] = [
        ["loss", buf(run(ceLaunch(c, red), "wasm"), 0), ce64(c, red)],
        ["grad", buf(run(ceGradLaunch(c, red, g), "wasm"), 0), ceGrad64(c, red, g)],
      ];
      for (const [what, got, want] of cases) {
        const scale = Math.max(1, ...want.map(Math.abs));
        got.forEach((v, i) => {
          const tol = 2e-6 * scale * c.C + (Number.isNaN(want[i]) ? Infinity : 0);
          assert.ok(
            Object.is(v, want[i]) || Math.abs(v - want[i]) <= tol ||
              (Number.isNaN(v) && Number.isNaN(want[i])),
            `${what} ${red} [${c.N}, ${c.C}] ${JSON.stringify({ w: !!c.w, eps: c.eps })} [${i}]: ` +
              `${v} vs ${want[i]}`,
          );
        });
      }
    }
  }
});

Deno.test("cross_entropy kernels on 2 Workers (JS and Wasm) give the inline JS bits", async () => {
  const r = rng(64), c = ceCase([9, 10], r, { weighted: true, eps: 0.1, scale: 3 });
  for (const red of REDUCTIONS) {
    for (const l of [ceLaunch(c, red), ceGradLaunch(c, red, gradOf(c, red, r))]) {
      const js = buf(run(l, "js"), 0);
      for (const kind of ["js", "wasm"] as const) {
        assert.deepEqual(await runOnWorkers(l, kind), js, `${l.kernel} ${red} ${kind}`);
      }
    }
  }
});

Deno.test("cross_entropy kernels return FAULT at a target outside [0, C) that is not ignored", () => {
  const r = rng(65);
  for (const bad of [-1, 10, 2 ** 31 - 1, -(2 ** 31)]) {
    const c = ceCase([6, 10], r, { weighted: true, eps: 0.1, scale: 1 });
    c.t[4] = bad;
    for (const red of REDUCTIONS) {
      for (const l of [ceLaunch(c, red), ceGradLaunch(c, red, gradOf(c, red, r))]) {
        for (const backend of ["js", "wasm"] as const) {
          const statuses: number[] = [];
          run(l, backend, [[0, l.units]], statuses);
          assert.deepEqual(statuses, [FAULT], `${l.kernel} ${red} ${backend} ${bad}`);
        }
      }
    }
  }
});
