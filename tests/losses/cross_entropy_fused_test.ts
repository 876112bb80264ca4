/**
 * crossEntropy() of class indices is one fused kernel forward and one
 * backward (src/graph/prims/cross_entropy.ts): the plan, the same value and
 * gradient as the unfused composition `nllLoss(logSoftmax(x))` (and its
 * label-smoothing term) on every backend, and targets changed after
 * validation refused with a RangeError naming the value.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { collect } from "../../src/schedule/collect.ts";
import { schedule } from "../../src/schedule/schedule.ts";
import { printPlan } from "../../src/schedule/print.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";
import { assertAllClose, rng } from "../_helpers.ts";

const plan = (...ts: T.Tensor[]) =>
  printPlan(schedule(collect(ts.map((t) => tensorInternals().nodeOf(t)))));

function data(N: number, C: number, seed: number) {
  const r = rng(seed);
  const x = T.tensor(Float32Array.from({ length: N * C }, () => r() * 8 - 4), { shape: [N, C] });
  const t = T.tensor(Int32Array.from({ length: N }, (_, i) => (i % 4 === 2 ? -1 : (r() * C) | 0)), {
    shape: [N],
  });
  const w = T.tensor(Float32Array.from({ length: C }, () => 0.3 + r()), { shape: [C] });
  return { x: x as T.Tensor<"float32">, t, w };
}

/** PyTorch's definition from the other ops: (1 - ε)·nll + ε/C·smooth, `mean` over the weights. */
function composed(
  x: T.Tensor<"float32">,
  t: T.Tensor,
  o: { weight?: T.Tensor; ignoreIndex: number; labelSmoothing: number; reduction: T.Reduction },
): T.Tensor<"float32"> {
  const [N, C] = x.shape, eps = o.labelSmoothing;
  const lp = T.logSoftmax(x, { axis: 1 });
  const nll = T.nllLoss(lp, t, { weight: o.weight, ignoreIndex: o.ignoreIndex, reduction: "none" });
  const keep = T.tensor(Float32Array.from(t.dataSync(), (k) => (k === o.ignoreIndex ? 0 : 1)), {
    shape: [N],
  });
  const wlp = o.weight ? T.mul(lp, o.weight) : lp;
  const smooth = T.mul(T.neg(T.sum(wlp, { axis: 1 })), keep);
  const rows = T.add(T.mul(nll, 1 - eps), T.mul(smooth, eps / C));
  if (o.reduction === "none") return rows;
  if (o.reduction === "sum") return T.sum(rows);
  const wt = o.weight
    ? T.tensor(
      Float32Array.from(t.dataSync(), (k) => (k === o.ignoreIndex ? 0 : o.weight!.dataSync()[k])),
      { shape: [N] },
    )
    : keep;
  return T.div(T.sum(rows), T.sum(wt));
}

Deno.test("crossEntropy() with class indices is one kernel forward and one backward", () => {
  const { x, t, w } = data(6, 5, 1);
  const f = (x: T.Tensor<"float32">) =>
    T.crossEntropy(x, t, { weight: w, labelSmoothing: 0.1, ignoreIndex: -1 });
  const printed = plan(...T.valueAndGrad(f)(x));
  const kernels = [...printed.matchAll(/^k\d+ (\w+)/gm)].map((m) => m[1]);
  assert.deepEqual(kernels, ["cross_entropy", "cross_entropy_grad"], printed);
});

for (const backend of BACKENDS) {
  Deno.test(`crossEntropy() matches the composed ops on ${backend.name}`, WORKER_TEST, async () => {
    await useBackend(backend, async () => {
      for (const [N, C] of [[1, 3], [7, 10], [33, 4]]) {
        const { x, t, w } = data(N, C, N * C);
        for (const weight of [undefined, w]) {
          for (const labelSmoothing of [0, 0.25]) {
            for (const reduction of ["none", "sum", "mean"] as const) {
              const o = { weight, ignoreIndex: -1, labelSmoothing, reduction };
              const ct = reduction === "none" ? T.randn([N], { seed: 3 }) : T.tensor(1.5);
              const f = (fn: typeof composed) => (x: T.Tensor<"float32">) =>
                T.sum(T.mul(fn(x, t, o), ct));
              const [v, g] = T.valueAndGrad(f((x, t, o) => T.crossEntropy(x, t, o)))(x);
              const [v0, g0] = T.valueAndGrad(f(composed))(x);
              const msg = `[${N}, ${C}] ${
                JSON.stringify({ w: !!weight, labelSmoothing, reduction })
              }`;
              assertAllClose(await v.data(), await v0.data(), { rtol: 1e-5, atol: 1e-6, msg });
              assertAllClose(await g.data(), await g0.data(), { rtol: 1e-5, atol: 1e-6, msg });
            }
          }
        }
      }
    });
  });
}

Deno.test("crossEntropy() refuses targets changed after validation, naming the value", async () => {
  for (const reduction of ["none", "mean"] as const) {
    const { x, t } = data(5, 3, 9);
    const loss = T.crossEntropy(x, t, { reduction, ignoreIndex: -1 });
    t.dataSync()[3] = 3;
    await assert.rejects(
      () => loss.data(),
      (e) =>
        e instanceof RangeError &&
        /^Tensor\.data\(\): target\[3\] is 3 but classes are 0\.\.2 \(ignoreIndex -1; the data changed after validation\)$/
          .test(e.message),
    );
  }
});

Deno.test("crossEntropy() reads labelSmoothing when it runs: one plan and module serve every value", async () => {
  const { wasmKernelCount } = await import("../../kernels/wasm/registry.ts");
  const { x, t, w } = data(6, 4, 5);
  const run = async (labelSmoothing: number) => {
    const o = { weight: w, ignoreIndex: -1, labelSmoothing, reduction: "mean" as const };
    const f = (fn: typeof composed) => (x: T.Tensor<"float32">) => fn(x, t, o);
    const [v, g] = T.valueAndGrad(f((x, t, o) => T.crossEntropy(x, t, o)))(x);
    const [v0, g0] = T.valueAndGrad(f(composed))(x);
    const msg = `labelSmoothing ${labelSmoothing}`;
    assertAllClose(await v.data(), await v0.data(), { rtol: 1e-5, atol: 1e-6, msg });
    assertAllClose(await g.data(), await g0.data(), { rtol: 1e-5, atol: 1e-6, msg });
    return (await v.data())[0];
  };
  const first = await run(0.1), modules = wasmKernelCount();
  assert.notEqual(await run(0.3), first);
  assert.notEqual(await run(0.7), first);
  assert.equal(wasmKernelCount(), modules);
});
