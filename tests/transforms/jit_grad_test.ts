/**
 * `jit(valueAndGrad(f))`: traced once, forward and backward scheduled as one
 * plan, replays equal to eager calls bit for bit (sparse table gradients
 * included).
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { collect } from "../../src/schedule/collect.ts";
import { schedule } from "../../src/schedule/schedule.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";

const p = {
  emb: T.randn([50, 8], { seed: 1 }),
  w: T.randn([3, 8], { seed: 2 }),
  b: T.randn([3], { seed: 3 }),
};
type P = typeof p;
const f = (q: P, ids: T.Tensor, offsets: T.Tensor, y: T.Tensor) =>
  T.crossEntropy(
    T.linear(T.embeddingBagForward(q.emb, ids, { offsets, mode: "mean", sparse: true }), q.w, q.b),
    y,
  );
const i32 = (xs: number[]) => T.tensor(xs, { dtype: "int32" });

Deno.test("jit(valueAndGrad(f)) replays equal eager calls bit for bit", async () => {
  const step = T.jit(T.valueAndGrad(f));
  for (
    const [ids, y] of [[[1, 2, 3, 4], [0, 2]], [[5, 6, 7, 49], [1, 1]], [[0, 0, 9, 8], [2, 0]]]
  ) {
    const args = [p, i32(ids), i32([0, 2]), i32(y)] as const;
    const [l1, g1] = await step(...args);
    const [l2, g2] = T.valueAndGrad(f)(...args);
    assert.deepEqual([...l1.dataSync()], [...l2.dataSync()]);
    assert.ok(g1.emb instanceof T.RowSparseGrad);
    assert.deepEqual([...(g1.emb as T.RowSparseGrad).indices.dataSync()], [
      ...g2.emb.indices.dataSync(),
    ]);
    assert.deepEqual([...(g1.emb as T.RowSparseGrad).values.dataSync()], [
      ...g2.emb.values.dataSync(),
    ]);
    assert.deepEqual([...g1.w.dataSync()], [...g2.w.dataSync()]);
    assert.deepEqual([...g1.b.dataSync()], [...g2.b.dataSync()]);
  }
});

Deno.test("valueAndGrad schedules the loss and every gradient as one plan with fused kernels", () => {
  const [loss, g] = T.valueAndGrad(f)(p, i32([1, 2, 3]), i32([0, 1]), i32([0, 2]));
  const t = tensorInternals();
  const targets = [loss, g.w, g.b, g.emb.indices, g.emb.values].map((x) => t.nodeOf(x));
  const plan = schedule(collect(targets));
  const kernels = plan.steps.map((s) => s.kernel);
  // One gather+bag forward, bag backward fused into the sparse values, no standalone gather.
  assert.equal(kernels.filter((k) => k === "gather_bag").length, 1);
  assert.ok(!kernels.includes("gather"));
  assert.ok(kernels.includes("sparse_values"));
  // The loss and its logits' gradient are one kernel each: no softmax, pick or elementwise chain.
  assert.equal(kernels.filter((k) => k === "cross_entropy").length, 1);
  assert.equal(kernels.filter((k) => k === "cross_entropy_grad").length, 1);
  for (const k of ["softmax", "softmax_grad", "pick", "pick_backward", "elementwise"]) {
    assert.ok(!kernels.includes(k), `${k} in ${kernels}`);
  }
});
