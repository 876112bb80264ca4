/** Tests of `Sequential`: chaining, names, indexing, and a whole model's backward() against valueAndGrad. */

import assert from "node:assert/strict";
import {
  EmbeddingBag,
  embeddingBagForward,
  Flatten,
  Linear,
  linear,
  mean,
  mul,
  ReLU,
  relu,
  RowSparseGrad,
  Sequential,
  sub,
  type Tensor,
  tensor,
  valueAndGrad,
} from "../../mod.ts";
import { assertAllClose, assertThrowsClean, rng, snapshot } from "../_helpers.ts";

Deno.test("Sequential.forward() feeds each module the previous output", () => {
  const first = new Linear(3, 2, { seed: 0 }), second = new Linear(2, 2, { seed: 1 });
  const model = new Sequential(first, new ReLU(), second);
  const x = [[1, -2, 3], [0.5, 0, -1]];
  const expected = snapshot(second.forward(relu(first.forward(x))));
  assert.deepEqual(snapshot(model.forward(x)), expected);
  const shapes = new Sequential(new Flatten()).forward(
    tensor(new Float32Array(24), { shape: [2, 3, 4] }),
  );
  assert.deepEqual(shapes.shape, [2, 12]);
  const input = tensor([1, 2]);
  assert.equal(new Sequential().forward(input), input, "an empty Sequential is the identity");
});

Deno.test("Sequential.forward() passes every argument to the first module (bag offsets)", () => {
  const bag = new EmbeddingBag(10, 3, { mode: "sum", seed: 0 });
  const model = new Sequential(bag, new Linear(3, 1, { seed: 1 }));
  const out = model.forward([1, 2, 3, 4], [0, 1]);
  assert.deepEqual(out.shape, [2, 1]);
  const direct = (model.at(1) as Linear).forward(bag.forward([1, 2, 3, 4], [0, 1]));
  assert.deepEqual(snapshot(out), snapshot(direct));
});

Deno.test("Sequential names its children 0, 1, ... and at() indexes them like model[i]", () => {
  const a = new Linear(2, 2), b = new ReLU();
  const model = new Sequential(a, b);
  assert.deepEqual(model.namedChildren(), [["0", a], ["1", b]]);
  assert.deepEqual([model.length, model.at(0), model.at(-1)], [2, a, b]);
  assertThrowsClean(
    () => model.at(2),
    RangeError,
    /^Sequential.at\(\): index is 2 but the model has 2 module\(s\)$/,
  );
  assertThrowsClean(() => model.at(0.5), RangeError, /index is 0.5/);
});

Deno.test("Sequential() and forward() reject what is not a module or a tensor", () => {
  assertThrowsClean(
    () => new Sequential(new ReLU(), {} as never),
    TypeError,
    /^Sequential\(\): argument 1 is/,
  );
  assertThrowsClean(
    () => new Sequential().forward([1, 2]),
    TypeError,
    /Sequential.forward\(\): the input gave/,
  );
});

/** The S4 model, as modules and as the same functional computation. */
async function checkAgainstValueAndGrad(sparse: boolean): Promise<void> {
  const r = rng(sparse ? 2 : 1);
  const V = 30, D = 6, H = 5, C = 3;
  const model = new Sequential(
    new EmbeddingBag(V, D, { mode: "mean", sparse, seed: 4 }),
    new Linear(D, H, { seed: 5 }),
    new ReLU(),
    new Linear(H, C, { seed: 6 }),
  );
  const indices = Array.from({ length: 12 }, () => Math.floor(r() * V));
  const offsets = [0, 3, 7, 7, 10];
  const target = Array.from({ length: 5 }, () => Array.from({ length: C }, () => r()));
  const loss = mean(
    mul(sub(model.forward(indices, offsets), target), sub(model.forward(indices, offsets), target)),
  );
  await loss.backward();

  const [w0, w1, b1, w3, b3] = model.namedParameters().map(([, t]) => t);
  const copy = (t: Tensor) => tensor(new Float32Array(snapshot(t)), { shape: [...t.shape] });
  const params = { w0: copy(w0), w1: copy(w1), b1: copy(b1), w3: copy(w3), b3: copy(b3) };
  const f = (p: typeof params) => {
    const bags = embeddingBagForward(p.w0, indices, { offsets, mode: "mean", sparse });
    const y = linear(relu(linear(bags, p.w1, p.b1)), p.w3, p.b3);
    const diff = sub(y, target);
    return mean(mul(diff, diff));
  };
  const [value, grads] = valueAndGrad(f)(params);
  assertAllClose(loss.dataSync(), value.dataSync(), { rtol: 1e-6 });
  const dense = (g: unknown) => snapshot(g instanceof RowSparseGrad ? g.toDense() : g as Tensor);
  assert.equal(w0.grad instanceof RowSparseGrad, sparse);
  assert.equal(grads.w0 instanceof RowSparseGrad, sparse);
  for (const [name, t] of [["w0", w0], ["w1", w1], ["b1", b1], ["w3", w3], ["b3", b3]] as const) {
    assertAllClose(dense(t.grad), dense(grads[name]), { rtol: 1e-5, atol: 1e-7, msg: name });
  }
}

Deno.test("Sequential(EmbeddingBag, Linear, ReLU, Linear): backward() gives valueAndGrad's gradients", async () => {
  await checkAgainstValueAndGrad(false);
});

Deno.test("Sequential(EmbeddingBag sparse, ...): backward() gives a RowSparseGrad equal to valueAndGrad's", async () => {
  await checkAgainstValueAndGrad(true);
});

Deno.test("Sequential() stops at the first hole of a sparse list, even one of length 2^32 - 1", () => {
  // Copying the list first ran out of memory ("invalid array length") and ended the process.
  const huge = new Array(2 ** 32 - 1);
  assert.throws(() => new Sequential(huge), /^TypeError: Sequential\(\): layers\[0\] is undefined/);
  const holed = [new ReLU(), , new ReLU()];
  assert.throws(
    () => new Sequential(holed as never),
    /^TypeError: Sequential\(\): layers\[1\] is undefined but must be a Module/,
  );
});
