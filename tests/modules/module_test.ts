/** Tests of `Module`: names, printouts, state dicts, modes and `zeroGrad()`. */

import assert from "node:assert/strict";
import {
  Dropout,
  Embedding,
  EmbeddingBag,
  Flatten,
  GELU,
  Linear,
  Module,
  ReLU,
  RowSparseGrad,
  Sequential,
  Sigmoid,
  sum,
  Tanh,
  type Tensor,
  tensor,
  type TensorLike,
} from "../../mod.ts";
import { assertBitwise, assertThrowsClean, snapshot } from "../_helpers.ts";
import fixture from "../fixtures/module_reprs.json" with { type: "json" };

const shared = () => {
  const layer = new Linear(2, 2, { seed: 0 });
  return new Sequential(layer, new ReLU(), layer);
};

const s4 = () =>
  new Sequential(
    new EmbeddingBag(100, 8, { mode: "mean" }),
    new Linear(8, 4),
    new ReLU(),
    new Linear(4, 2),
  );

/** The models of `gen_module_reprs.py`, by case name. */
const MODELS: Record<string, () => Module> = {
  "linear": () => new Linear(8, 4),
  "linear no bias": () => new Linear(3, 2, { bias: false }),
  "linear 0 in": () => new Linear(0, 2),
  "relu": () => new ReLU(),
  "sigmoid": () => new Sigmoid(),
  "tanh": () => new Tanh(),
  "gelu": () => new GELU(),
  "gelu tanh": () => new GELU({ approximate: "tanh" }),
  "dropout": () => new Dropout(),
  "dropout 0.1": () => new Dropout(0.1),
  "dropout 1": () => new Dropout(1),
  "flatten": () => new Flatten(),
  "flatten 0 2": () => new Flatten({ startDim: 0, endDim: 2 }),
  "empty sequential": () => new Sequential(),
  "s4 classifier": s4,
  "s6 keras style": () =>
    new Sequential(
      new Embedding(50, 8, { paddingIdx: 0 }),
      new Flatten(),
      new Linear(32, 1),
      new Sigmoid(),
    ),
  "nested": () =>
    new Sequential(
      new EmbeddingBag(10, 4, { mode: "sum", maxNorm: 1, sparse: true }),
      new Sequential(new Linear(4, 4), new GELU({ approximate: "tanh" }), new Dropout(0.25)),
      new Sequential(new Sequential(new Tanh(), new Linear(4, 3, { bias: false }))),
      new Sequential(),
      new Embedding(10, 3, { maxNorm: 2, scaleGradByFreq: true }),
    ),
  "shared": shared,
};

Deno.test("Module.toString() prints what PyTorch's print(model) prints, nested", () => {
  assert.deepEqual(Object.keys(MODELS).sort(), Object.keys(fixture.cases).sort());
  for (const [name, c] of Object.entries(fixture.cases)) {
    assert.equal(MODELS[name]().toString(), c.repr, name);
  }
});

Deno.test("Module.namedParameters() and stateDict() use PyTorch's dotted names and shapes", () => {
  for (const [name, c] of Object.entries(fixture.cases)) {
    const model = MODELS[name]();
    const named = model.namedParameters().map(([n, t]) => [n, [...t.shape]]);
    assert.deepEqual(named, c.parameters, name);
    assert.deepEqual(Object.keys(model.stateDict()), c.stateDict, name);
    for (const [, t] of model.namedParameters()) {
      assert.deepEqual([t.dtype, t.requiresGrad], ["float32", true], name);
    }
  }
});

Deno.test("Module.parameters() lists each trainable tensor once, leaving frozen tables out", () => {
  const model = shared();
  const layer = model.at(0) as Linear;
  assert.deepEqual(model.parameters(), [layer.weight, layer.bias]);
  const frozen = Embedding.fromPretrained([[1, 2], [3, 4]]);
  const net = new Sequential(frozen, new Linear(2, 1, { seed: 0 }));
  assert.deepEqual(net.namedParameters().map(([n]) => n), ["0.weight", "1.weight", "1.bias"]);
  assert.deepEqual(net.parameters().length, 2);
  assert.deepEqual([frozen.requiresGrad, frozen.weight.requiresGrad], [false, false]);
});

Deno.test("Module.children() and namedChildren() give the direct submodules by name", () => {
  const inner = new Sequential(new ReLU());
  const model = new Sequential(new Linear(2, 2), inner);
  assert.deepEqual(model.namedChildren().map(([n]) => n), ["0", "1"]);
  assert.equal(model.children()[1], inner);
  assert.deepEqual(new Linear(1, 1).children(), []);
});

Deno.test("Module.loadStateDict() copies values in: a round trip reproduces the outputs", async () => {
  const a = s4(), b = s4();
  const x = [[1, 2, 3], [7, 8, 9]];
  assert.notDeepEqual(await a.forward(x).toArray(), await b.forward(x).toArray());
  assert.deepEqual(b.loadStateDict(a.stateDict()), { missingKeys: [], unexpectedKeys: [] });
  assertBitwise(b.forward(x).dataSync(), a.forward(x).dataSync());
  for (const [name, t] of b.namedParameters()) {
    assert.notEqual(t, a.stateDict()[name], "a copy, not the same tensor");
    assert.equal(t.requiresGrad, true);
  }
  const before = snapshot((b.at(1) as Linear).weight);
  (a.at(1) as Linear).weight.dataSync().fill(0);
  assert.deepEqual(snapshot((b.at(1) as Linear).weight), before, "copies do not share storage");
});

Deno.test("Module.loadStateDict() keeps the old value for lazy results computed before", () => {
  const layer = new Linear(2, 2, { seed: 0 });
  const x = [[1, -2]];
  const expected = snapshot(layer.forward(x));
  const pending = layer.forward(x);
  assert.equal(pending.realized, false);
  layer.loadStateDict({ weight: [[1, 0], [0, 1]], bias: new Float32Array([10, 20]) });
  assertBitwise(pending.dataSync(), expected);
  assertBitwise(layer.forward(x).dataSync(), [11, 18]);
});

Deno.test("Module.loadStateDict() results get gradients on the same parameter objects", async () => {
  const layer = new Linear(2, 1, { seed: 0 });
  const { weight } = layer;
  layer.loadStateDict({ weight: [[2, 3]], bias: [1] });
  await sum(layer.forward([[1, 2], [3, 4]])).backward();
  assertBitwise((weight.grad as Tensor).dataSync(), [4, 6]);
  assertBitwise((layer.bias!.grad as Tensor).dataSync(), [2]);
});

Deno.test("Module.loadStateDict() rejects bad keys and shapes and changes nothing", () => {
  const model = s4();
  const params = model.namedParameters().map(([, t]) => t);
  const good = () => Object.fromEntries(model.namedParameters().map(([n, t]) => [n, snapshot(t)]));
  const zerosLike = (t: Tensor) => new Float32Array(t.size);
  const fill = Object.fromEntries(
    model.namedParameters().map(([n, t]) => [n, tensor(zerosLike(t), { shape: [...t.shape] })]),
  );
  const load = (d: Record<string, unknown>, strict?: boolean) => () =>
    model.loadStateDict(d as Record<string, TensorLike & Tensor<"float32">>, { strict });
  assertThrowsClean(
    load({ ...fill, "4.weight": [1] }),
    TypeError,
    /unexpected key\(s\) "4.weight"/,
    params,
  );
  const { "3.bias": _, ...missing } = fill;
  assertThrowsClean(
    load(missing),
    TypeError,
    /Sequential.loadStateDict\(\): missing key\(s\) "3.bias"/,
    params,
  );
  // The first keys are fine; the last one's shape is not: nothing may change.
  assertThrowsClean(
    load({ ...fill, "3.bias": [1, 2, 3] }),
    TypeError,
    /"3.bias" has shape \[3\] but the parameter has shape \[2\]/,
    params,
  );
  assertThrowsClean(
    load({ ...fill, "3.bias": [1, 2, 3] }, false),
    TypeError,
    /has shape \[3\]/,
    params,
  );
  assertThrowsClean(
    load({ ...fill, "1.bias": tensor([1, 2, 3, 4], { dtype: "int32" }) }),
    TypeError,
    /stateDict\["1.bias"\] is a int32 tensor but must be float32/,
    params,
  );
  assertThrowsClean(
    load({ ...fill, "0.weight": "table" }),
    TypeError,
    /stateDict\["0.weight"\] is/,
    params,
  );
  assertThrowsClean(
    () => model.loadStateDict(null as never),
    TypeError,
    /stateDict is null/,
    params,
  );
  assertThrowsClean(
    () => model.loadStateDict(fill, { strict: "yes" } as never),
    TypeError,
    /strict/,
    params,
  );
  assert.deepEqual(
    good(),
    Object.fromEntries(model.namedParameters().map(([n, t]) => [n, snapshot(t)])),
  );
});

Deno.test("Module.loadStateDict({strict: false}) loads what matches and reports the rest", () => {
  const layer = new Linear(2, 1, { seed: 0 });
  const bias = snapshot(layer.bias!);
  const result = layer.loadStateDict({ weight: [[5, 6]], extra: [1] }, { strict: false });
  assert.deepEqual(result, { missingKeys: ["bias"], unexpectedKeys: ["extra"] });
  assertBitwise(layer.weight.dataSync(), [5, 6]);
  assertBitwise(layer.bias!.dataSync(), bias);
});

Deno.test("Module.train() and eval() set training on every descendant", () => {
  const inner = new Dropout(0.5);
  const model = new Sequential(new Linear(2, 2), new Sequential(inner));
  assert.deepEqual([model.training, inner.training], [true, true]);
  assert.equal(model.eval(), model);
  assert.deepEqual([model.training, model.at(1).training, inner.training], [false, false, false]);
  assert.equal(model.train(), model);
  assert.equal(inner.training, true);
  model.train(false);
  assert.equal(inner.training, false);
  assertThrowsClean(() => model.train("no" as never), TypeError, /Module.train\(\): mode is "no"/);
});

Deno.test("Module.zeroGrad() sets grads to undefined, or to zeros of the same kind", async () => {
  const bag = new EmbeddingBag(6, 3, { mode: "sum", sparse: true, seed: 0 });
  const model = new Sequential(bag, new Linear(3, 2, { seed: 1 }));
  const step = () => sum(model.forward([[0, 1], [4, 5]])).backward();
  await step();
  assert.ok(bag.weight.grad instanceof RowSparseGrad);
  model.zeroGrad();
  assert.deepEqual(model.namedParameters().map(([, t]) => t.grad), [
    undefined,
    undefined,
    undefined,
  ]);
  model.zeroGrad(); // nothing to clear: still fine
  await step();
  model.zeroGrad({ setToNone: false });
  const g = bag.weight.grad as RowSparseGrad;
  assert.ok(g instanceof RowSparseGrad);
  assert.deepEqual([g.shape, g.indices.shape, g.values.shape], [[6, 3], [0], [0, 3]]);
  const w = (model.at(1) as Linear).weight.grad as Tensor;
  assert.deepEqual([w.shape, snapshot(w)], [[2, 3], [0, 0, 0, 0, 0, 0]]);
  await step(); // accumulates onto the zeros
  assert.deepEqual(snapshot((model.at(1) as Linear).bias!.grad as Tensor), [2, 2]);
  assertThrowsClean(() => model.zeroGrad({ setToNone: 1 } as never), TypeError, /setToNone/);
});

Deno.test("A frozen table gets no gradient, and a loss reaching only it cannot backward()", async () => {
  const frozen = Embedding.fromPretrained([[1, 2], [3, 4]]);
  const head = new Linear(2, 1, { seed: 0 });
  await sum(head.forward(frozen.forward([0, 1]))).backward();
  assert.equal(frozen.weight.grad, undefined);
  assert.ok(head.weight.grad !== undefined);
  await assert.rejects(() => sum(frozen.forward([0, 1])).backward(), TypeError);
  frozen.requiresGrad = true;
  await sum(frozen.forward([0, 0])).backward();
  const grad = (t: Tensor) => t.grad as Tensor;
  assertBitwise(grad(frozen.weight).dataSync(), [2, 2, 0, 0]);
});

Deno.test("A subclass registers its own parameters and submodules", () => {
  class Scale extends Module {
    readonly factor = tensor([2]);
    readonly inner = new Linear(1, 1, { seed: 0 });
    constructor() {
      super();
      this.factor.requiresGrad = true;
      this.registerParameter("factor", this.factor);
      this.registerModule("inner", this.inner);
    }
    forward(x: TensorLike): Tensor<"float32"> {
      return this.inner.forward(x);
    }
  }
  const m = new Scale();
  assert.deepEqual(m.namedParameters().map(([n]) => n), ["factor", "inner.weight", "inner.bias"]);
  assert.equal(
    m.toString(),
    "Scale(\n  (inner): Linear(in_features=1, out_features=1, bias=True)\n)",
  );
});
