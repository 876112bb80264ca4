/**
 * `softmax` (kernels/softmax.ts, kernels/wasm/softmax.ts): Wasm against the
 * JS reference bit for bit (rows and grouped lanes, split launches, NaN,
 * ±Infinity, logits up to ±100), against float64, at the extremes, in place.
 *
 * Tolerances against float64: softmax within `2^-24 (12 + 2 |x - m|)`
 * relative (the rounding of `x - m` is amplified by exp: inherent to
 * float32, as in PyTorch) plus 2^-148 where the result underflows, log-softmax
 * within `2^-24 (4 |y| + 4 + |x - m|)` absolute; at the extremes, 2 ulp.
 */

import assert from "node:assert/strict";
import { softmax } from "../../kernels/softmax.ts";
import { runJs } from "../../kernels/kernel.ts";
import { wasmRun } from "../../src/runtime/wasm_instances.ts";
import { arena } from "../../src/memory/arena.ts";
import { ulpsOff } from "./_ew_reference.ts";
import { runOnWorkers } from "./_pool_run.ts";
import { forLanes, logits, SHAPES, softmax64, softmaxLaunch } from "./_softmax_cases.ts";
import {
  assertBitwise,
  assertWasmMatchesJs,
  buf,
  f32Sentinel,
  rebuild,
  rng,
  run,
} from "./_kernel_harness.ts";

const EPS = 2 ** -24;

Deno.test("softmax kernel in Wasm matches the JS reference bit for bit, rows and grouped lanes", () => {
  const r = rng(21);
  for (const shape of SHAPES) {
    for (const log of [false, true]) {
      for (const scale of [1, 30, 100]) {
        assertWasmMatchesJs(softmaxLaunch(log, logits(shape, r, scale), shape), r);
      }
    }
  }
});

Deno.test("softmax kernel matches float64 softmax and log-softmax over rows and strided lanes", () => {
  const r = rng(22);
  for (const shape of SHAPES) {
    for (const log of [false, true]) {
      const x = logits(shape, r, 20, false), want = softmax64(x, shape, log);
      for (const backend of ["js", "wasm"] as const) {
        const y = buf(run(softmaxLaunch(log, x, shape), backend), 0);
        forLanes(shape, (idx) => {
          const m = Math.max(...idx.map((k) => x[k]));
          for (const k of idx) {
            const d = Math.abs(x[k] - m), err = Math.abs(y[k] - want[k]);
            const tol = log
              ? EPS * (4 * Math.abs(want[k]) + 4 + d)
              : EPS * (12 + 2 * d) * want[k] + 2 ** -148;
            assert.ok(err <= tol, `${backend} ${log} ${shape} [${k}]: ${y[k]} vs ${want[k]}`);
          }
        });
      }
    }
  }
});

Deno.test("softmax kernel is stable at logits of ±100 and 1e30, zero at -Infinity, NaN at +Infinity", () => {
  const cases: [number[], number[], number[]][] = [
    [[100, -100, 0, 100], [0.5, 0, Math.fround(Math.exp(-100) / 2), 0.5], [
      -Math.LN2,
      -200 - Math.LN2,
      -100 - Math.LN2,
      -Math.LN2,
    ]],
    [[1e30, 1e30, -1e30], [0.5, 0.5, 0], [-Math.LN2, -Math.LN2, -2e30]],
    [[-Infinity, 3, -Infinity, 3, 3], [0, 1 / 3, 0, 1 / 3, 1 / 3], [
      -Infinity,
      -Math.log(3),
      -Infinity,
      -Math.log(3),
      -Math.log(3),
    ]],
    [[Infinity, 1], [NaN, NaN], [NaN, NaN]],
    [[-Infinity, -Infinity], [NaN, NaN], [NaN, NaN]],
  ];
  for (const [x, soft, logSoft] of cases) {
    for (const log of [false, true]) {
      const want = Float32Array.from(log ? logSoft : soft);
      for (const backend of ["js", "wasm"] as const) {
        const y = buf(run(softmaxLaunch(log, Float32Array.from(x), [1, x.length, 1]), backend), 0);
        y.forEach((v, k) => {
          const ok = Number.isNaN(want[k]) ? Number.isNaN(v) : ulpsOff(v, want[k]) <= 2;
          assert.ok(ok, `${backend} log=${log} ${x}: [${k}] ${v} vs ${want[k]}`);
        });
      }
    }
  }
});

Deno.test("softmax kernel writes nothing for an empty axis or an empty range", () => {
  const r = rng(23);
  for (const backend of ["js", "wasm"] as const) {
    assertBitwise(
      buf(run(softmaxLaunch(false, new Float32Array(0), [2, 0, 3]), backend), 0),
      f32Sentinel(0),
    );
    const l = softmaxLaunch(true, logits([2, 3, 1], r, 1), [2, 3, 1]);
    assertBitwise(buf(run(l, backend, [[1, 1]]), 0), f32Sentinel(6), backend);
  }
});

Deno.test("softmax kernel may overwrite its input, on both backends", () => {
  const r = rng(24), a = arena();
  for (const shape of [[3, 7, 1], [2, 5, 6]] as const) {
    for (const log of [false, true]) {
      const x = logits(shape, r, 10, false), want = buf(run(softmaxLaunch(log, x, shape), "js"), 0);
      const ptr = a.alloc(x.byteLength, "test");
      try {
        for (const go of ["js", "wasm"] as const) {
          a.heap.f32.set(x, ptr >>> 2);
          const args = [ptr, ptr, shape[1], shape[2]], units = shape[0] * shape[2];
          if (go === "js") runJs(softmax, a.heap, { log }, args, 0, units);
          else wasmRun("softmax", { log })(...args, 0, units);
          assertBitwise(
            a.heap.f32.slice(ptr >>> 2, (ptr >>> 2) + x.length),
            want,
            `${go} ${shape}`,
          );
        }
      } finally {
        a.free(ptr, x.byteLength);
      }
    }
  }
});

Deno.test("softmax kernel rebuilt from its source text computes the same", () => {
  const r = rng(25);
  for (const shape of SHAPES) {
    const l = softmaxLaunch(shape[1] % 2 === 0, logits(shape, r, 5), shape);
    assertBitwise(buf(run(l, rebuild(softmax)), 0), buf(run(l, "js"), 0), `${shape}`);
  }
});

Deno.test("softmax kernel on 2 Workers (JS and Wasm) computes the bits of one inline launch", async () => {
  const r = rng(26);
  for (const shape of [[5, 33, 1], [3, 9, 9]] as const) {
    const l = softmaxLaunch(true, logits(shape, r, 10), shape), want = buf(run(l, "js"), 0);
    for (const kind of ["js", "wasm"] as const) {
      assertBitwise(await runOnWorkers(l, kind), want, kind);
    }
  }
});
