/**
 * The pure transformations (`sgd`, `adam`, `adamw`, `adagrad` with
 * `applyUpdates`) under `jit(valueAndGrad)`, against the dense PyTorch
 * trajectories; their bad inputs.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { assertAllClose } from "../_numeric.ts";
import { FIXTURE, model } from "./_replay.ts";

const close = { rtol: 3e-4, atol: 3e-5 };
const MAKE: Record<string, (o: never) => T.GradientTransformation<unknown>> = {
  SGD: T.sgd as never,
  Adam: T.adam as never,
  AdamW: T.adamw as never,
  Adagrad: T.adagrad as never,
};
type P = { table: T.Tensor<"float32">; weight: T.Tensor<"float32">; bias: T.Tensor<"float32"> };

const cases = FIXTURE.cases.filter((c) =>
  !c.sparse && c.maxNorm === null && c.params === "all" && c.groups === null &&
  c.scheduler === null &&
  c.optimizer in MAKE
);

Deno.test(`pure transformations under jit match PyTorch trajectories (${cases.length} cases)`, async () => {
  assert.ok(cases.length >= 12);
  for (const c of cases) {
    const tx = MAKE[c.optimizer](c.options as never);
    const lossOf = (
      p: P,
      ids: T.Tensor<"int32">,
      offsets: T.Tensor<"int32">,
      labels: T.Tensor<"int32">,
    ) =>
      T.crossEntropy(
        T.linear(T.embeddingBagForward(p.table, ids, { offsets, mode: "mean" }), p.weight, p.bias),
        labels,
      );
    const step = T.jit(
      (
        p: P,
        state: unknown,
        ids: T.Tensor<"int32">,
        offsets: T.Tensor<"int32">,
        labels: T.Tensor<"int32">,
      ) => {
        const [loss, grads] = T.valueAndGrad(lossOf)(p, ids, offsets, labels);
        const { updates, state: next } = tx.update(grads as P, state, p);
        return { loss, params: T.applyUpdates(p, updates), state: next };
      },
    );
    const m = model();
    let params: P = { table: m.table, weight: m.weight, bias: m.bias };
    let state = tx.init(params);
    for (const [i, b] of FIXTURE.batches.entries()) {
      const ints = (xs: number[]) => T.tensor(Int32Array.from(xs));
      const out = await step(params, state, ints(b.indices), ints(b.offsets), ints(b.labels));
      assertAllClose(await out.loss.data(), [c.losses[i]], {
        ...close,
        msg: `${c.name} loss ${i}`,
      });
      params = out.params as P;
      state = out.state;
    }
    for (const k of ["table", "weight", "bias"] as const) {
      const want = [c.final[k]].flat(2) as number[];
      assertAllClose(await params[k].data(), want, { ...close, msg: `${c.name} ${k}` });
    }
  }
});

Deno.test("pure transformations reject bad options and mismatched trees", () => {
  assert.throws(() => T.sgd({} as T.SGDOptions), /^TypeError: sgd\(\): lr is required/);
  assert.throws(() => T.adam({ lr: -1 }), /^RangeError: adam\(\): lr is -1 but must be positive/);
  assert.throws(() => T.adamw({ betas: [0.9, 1] }), /^RangeError: adamw\(\): betas\[1\] is 1/);
  assert.throws(() => T.adagrad({ lr_decay: 0.1 } as never), /^TypeError: adagrad\(\): .*lr_decay/);
  const tx = T.sgd({ lr: 0.1, momentum: 0.9 });
  const params = { w: T.tensor([1, 2]) };
  const state = tx.init(params);
  assert.throws(
    () => tx.update({ v: T.tensor([1, 1]) } as never, state, params),
    /sgd\(\)\.update\(\): params does not have the names of grads/,
  );
  assert.throws(
    () => tx.update({ w: T.tensor([1, 1, 1]) }, state, params),
    /params\.w has shape \[2\] but grads\.w has \[3\]/,
  );
  assert.throws(
    () => tx.init([T.tensor(new Int32Array([1]))] as never),
    /sgd\(\)\.init\(\): params\.0 is .* but must be a float32 tensor/,
  );
  assert.throws(
    () => T.applyUpdates([T.tensor([1])], [T.tensor([1, 2])]),
    /^TypeError: applyUpdates\(\): updates\.0 has shape/,
  );
});
