/**
 * A dense optimizer update is one elementwise kernel per parameter: the
 * parameter and its state (Adam's `m`, `v`, AMSGrad's maximum, Adagrad's
 * sum, SGD's momentum buffer) are written by one pass with one store each
 * (the schedule printed at debug level 2 shows the steps).
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { schedulesOf } from "../_schedules.ts";

/** The kernel steps of the plan of `run` (the last schedule printed). */
async function stepsOf(run: () => Promise<void>): Promise<string[]> {
  const last = (await schedulesOf(run)).at(-1) ?? "";
  return last.split("\n").filter((l) => /^k\d+ /.test(l));
}

const CASES: [string, (w: T.Tensor<"float32">) => T.Optimizer<{ lr: number }>, number][] = [
  ["SGD", (w) => new T.SGD([w], { lr: 0.1 }), 1],
  ["SGD momentum", (w) => new T.SGD([w], { lr: 0.1, momentum: 0.9, nesterov: true }), 2],
  ["Adagrad", (w) => new T.Adagrad([w], { lr: 0.1 }), 2],
  ["Adam", (w) => new T.Adam([w], { lr: 0.1 }), 3],
  ["Adam amsgrad", (w) => new T.Adam([w], { lr: 0.1, amsgrad: true }), 4],
  ["AdamW", (w) => new T.AdamW([w], { lr: 0.1, weightDecay: 0.1 }), 3],
];

for (const [name, make, writes] of CASES) {
  Deno.test(`${name}: a dense step is one elementwise kernel writing the parameter and its state`, async () => {
    const w = T.randn([5, 3], { seed: 1 });
    w.requiresGrad = true;
    const o = make(w);
    w.grad = T.randn([5, 3], { seed: 2 });
    await o.step(); // state created
    w.grad = T.randn([5, 3], { seed: 3 });
    const steps = await stepsOf(() => o.step());
    assert.equal(steps.length, 1, steps.join("\n"));
    assert.match(steps[0], /^k0 elementwise\{/);
    assert.equal(steps[0].split(" writes ")[1].split(" ").length, writes, steps[0]);
  });
}

Deno.test("SparseAdam: a sparse step is one sparse_adam_rows kernel writing the table and both moments", async () => {
  const w = T.randn([50, 8], { seed: 1 });
  w.requiresGrad = true;
  const o = new T.SparseAdam([w], { lr: 0.1 });
  const lossOf = () => T.sum(T.embeddingBagForward(w, [[1, 4, 4], [9, 1, 3]], { sparse: true }));
  await lossOf().backward();
  await o.step(); // state created
  await lossOf().backward();
  const steps = await stepsOf(() => o.step());
  const updates = steps.filter((s) => /^k\d+ sparse_adam_rows\{/.test(s));
  assert.equal(updates.length, 1, steps.join("\n"));
  assert.ok(steps.every((s) => !/ (elementwise|gather|sgd_rows)\{/.test(s)), steps.join("\n"));
  assert.match(updates[0], / writes %\d+ \(in place of %\d+\) %\d+ and %\d+ in place$/);
});
