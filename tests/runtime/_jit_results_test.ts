/**
 * `jit`'s row-sparse results from a bag: the per-lookup rows are left lazy
 * (no `sparse_values` launch in the call), equal the eager gradient bit for
 * bit when read, keep their recipe (SGD and `toDense()` read the bag's
 * gradient), and wait for in-place writes to what they read.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { assertBitwise } from "../_helpers.ts";
import { inlineWasm } from "../../src/runtime/executor.ts";

type F32 = T.Tensor<"float32">;
const i32 = (xs: number[]) => T.tensor(xs, { dtype: "int32" });

/** Kernels launched while `fn` runs, on the calling thread. */
async function launches<R>(fn: () => Promise<R>): Promise<{ out: R; kernels: string[] }> {
  T.setBackend({ executor: "inline" });
  const kernels: string[] = [], run = inlineWasm.run;
  inlineWasm.run = (kernel, spec, launch) => {
    kernels.push(kernel);
    return run(kernel, spec, launch);
  };
  try {
    return { out: await fn(), kernels };
  } finally {
    inlineWasm.run = run;
    T.setBackend({});
  }
}

const emb = T.randn([20, 4], { seed: 1 }), w = T.randn([3, 4], { seed: 2 });
const loss = (p: { emb: F32; w: F32 }, ids: T.Tensor, psw?: T.Tensor) =>
  T.crossEntropy(
    T.linear(
      T.embeddingBagForward(p.emb, ids, {
        offsets: [0, 2],
        mode: psw ? "sum" : "mean",
        sparse: true,
        perSampleWeights: psw as F32 | undefined,
        paddingIdx: 3,
      }),
      p.w,
    ),
    i32([2, 0]),
  );

Deno.test("jit(valueAndGrad(f)) leaves a bag's per-lookup gradient rows lazy, equal to eager ones", async () => {
  const step = T.jit(T.valueAndGrad(loss));
  for (const ids of [[1, 3, 5, 5, 7], [0, 19, 3, 3, 2], [4, 4, 4, 4, 4]]) {
    const { out: [value, g], kernels } = await launches(() => step({ emb, w }, i32(ids)));
    assert.ok(!kernels.includes("sparse_values"), kernels.join(" "));
    assert.ok(value.realized && g.w.realized);
    const rows = g.emb as T.RowSparseGrad;
    assert.ok(!rows.values.realized && !rows.indices.realized);
    const [eagerValue, e] = T.valueAndGrad(loss)({ emb, w }, i32(ids));
    assertBitwise(value.dataSync(), eagerValue.dataSync());
    assert.deepEqual([...rows.indices.dataSync()], [...e.emb.indices.dataSync()]);
    assertBitwise(rows.values.dataSync(), e.emb.values.dataSync());
    assertBitwise(rows.coalesce().values.dataSync(), e.emb.coalesce().values.dataSync());
    assertBitwise(rows.toDense().dataSync(), e.emb.toDense().dataSync());
  }
});

Deno.test("jit(valueAndGrad(f)): a lazy gradient reads the per-sample weights of its call", async () => {
  const psw = T.tensor([0.5, 2, 1, -1, 3]);
  const step = T.jit(T.valueAndGrad(loss));
  const double = T.jit((x: F32) => T.mul(x, 2), { donate: [0] });
  for (const ids of [[1, 3, 5, 5, 7], [2, 6, 3, 0, 9]]) {
    const [, e] = T.valueAndGrad(loss)({ emb, w }, i32(ids), psw);
    const want = e.emb.values.dataSync().slice();
    const [, g] = await step({ emb, w }, i32(ids), psw);
    // Written in place before the lazy rows are read: they are computed first.
    await double(psw);
    assertBitwise((g.emb as T.RowSparseGrad).values.dataSync(), want);
  }
});

Deno.test("jit(valueAndGrad(f)): a lazy bag gradient feeds an SGD step like an eager one", async () => {
  const step = T.jit(T.valueAndGrad(loss));
  const ids = i32([1, 3, 5, 5, 7]);
  const [, g] = await step({ emb, w }, ids);
  const [, e] = T.valueAndGrad(loss)({ emb, w }, ids);
  const tables = [g.emb, e.emb].map((grad) => {
    const p = T.tensor(emb.dataSync().slice(), { shape: [20, 4] });
    p.requiresGrad = true;
    p.grad = grad as T.RowSparseGrad;
    return p;
  });
  for (const p of tables) await new T.SGD([p], { lr: 0.5 }).step();
  assertBitwise(tables[0].dataSync(), tables[1].dataSync());
  assert.notDeepEqual([...tables[0].dataSync()], [...emb.dataSync()]);
});
