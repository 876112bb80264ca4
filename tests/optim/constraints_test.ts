/**
 * A table's `embeddingsConstraint` is applied by every optimizer step that
 * updates it (Keras' rule), in the step's own plan for the built-in
 * constraints and on the data right after for a custom one. Oracle: the same
 * step without the constraint, then the constraint's host `apply`.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { graphOf } from "../../src/modules/constraints.ts";
import { assertAllClose } from "../_numeric.ts";

const TABLE = [[0.9, -0.8], [0.1, 0.4], [-1.5, 0.2], [0.25, 0.25], [0.4, -0.45]];
const IDS = [[0, 2], [4, 2], [1, 0]];

/** One SGD step of `sum(bag(table) * c)` on a fresh Embedding with `constraint`. */
async function stepped(sparse: boolean, constraint?: T.Constraint) {
  const e = new T.Embedding(5, 2, {
    weight: TABLE,
    sparse,
    ...(constraint ? { embeddingsConstraint: constraint } : {}),
  });
  const o = new T.SGD(e.parameters(), { lr: 0.7 });
  const loss = T.sum(T.mul(e.forward(IDS), T.tensor([[[1, -2], [3, 1]]])));
  await loss.backward();
  const storage = tensorInternals().nodeOf(e.weight).storage;
  await o.step();
  assert.equal(tensorInternals().nodeOf(e.weight).storage, storage, "new storage");
  return Float32Array.from(e.weight.dataSync());
}

const BUILT_IN: [string, T.Constraint][] = [
  ["maxNorm rows", T.maxNormConstraint({ maxValue: 1 })],
  ["maxNorm columns", T.maxNormConstraint({ maxValue: 1.2, axis: "column" })],
  ["unitNorm", T.unitNormConstraint()],
  ["nonNeg", T.nonNegConstraint()],
];

for (const [name, constraint] of BUILT_IN) {
  for (const sparse of [false, true]) {
    Deno.test(`an optimizer step applies ${name} to the table it updated${sparse ? " (sparse)" : ""}`, async () => {
      assert.ok(graphOf(constraint));
      const want = await stepped(sparse);
      constraint.apply(want, 5, 2);
      assertAllClose(await stepped(sparse, constraint), want, { rtol: 1e-6, atol: 1e-7 });
    });
  }
}

Deno.test("an optimizer step applies a custom constraint to the data after the step", async () => {
  const calls: number[][] = [];
  const clip: T.Constraint = {
    name: "clip(0.5)",
    apply(t, rows, cols) {
      calls.push([rows, cols]);
      for (let i = 0; i < t.length; i++) t[i] = Math.min(0.5, Math.max(-0.5, t[i]));
    },
  };
  const want = await stepped(true);
  clip.apply(want, 5, 2);
  calls.length = 0;
  assert.deepEqual(await stepped(true, clip), want);
  assert.deepEqual(calls, [[5, 2]]);
});

Deno.test("a step that does not update the table leaves it unconstrained", async () => {
  const e = new T.Embedding(5, 2, { weight: TABLE, embeddingsConstraint: T.unitNormConstraint() });
  const w = T.tensor([1]);
  w.requiresGrad = true;
  w.grad = T.tensor([1]);
  await new T.SGD([e.weight, w], { lr: 0.1 }).step();
  assert.deepEqual(await e.weight.toArray(), TABLE.map((r) => r.map(Math.fround)));
});
