/**
 * `Sequential`'s Keras methods against PyTorch running Keras 2's math
 * (fixture + generator), convergence, and the error paths.
 */

import assert from "node:assert/strict";
import {
  add,
  binaryCrossEntropy,
  Dense,
  Embedding,
  embeddingForward,
  Flatten,
  l2,
  matmul,
  maxNormConstraint,
  mul,
  reshape,
  Sequential,
  sigmoid,
  sum,
  type Tensor,
  tensor,
} from "../../mod.ts";
import { assertAllClose } from "../_numeric.ts";
import { CASES, modelOf } from "./_cases.ts";

for (const c of CASES) {
  Deno.test(`fit() follows Keras' math step for step: ${c.name}`, async () => {
    const model = modelOf(c);
    model.compile({ optimizer: c.optimizer, loss: c.loss, metrics: ["accuracy"] });
    const history = await model.fit(c.x, c.y, {
      epochs: c.epochs,
      batchSize: c.batchSize,
      shuffle: false,
      verbose: 0,
      ...(c.validationSplit ? { validationSplit: c.validationSplit } : {}),
    });
    assert.deepEqual(Object.keys(history.history).sort(), Object.keys(c.history).sort());
    for (const [key, values] of Object.entries(c.history)) {
      const tol = key.endsWith("accuracy") ? { atol: 1e-9 } : { rtol: 1e-5, atol: 1e-6 };
      assertAllClose(history.history[key], values, { ...tol, msg: key });
    }
    for (const [name, value] of Object.entries(model.stateDict())) {
      assertAllClose(value.dataSync(), c.final[name].flat(), { rtol: 1e-4, atol: 1e-6, msg: name });
    }
    const n = c.validationSplit ? Math.floor(c.x.length * (1 - c.validationSplit)) : c.x.length;
    const [loss, accuracy] = await model.evaluate(c.x.slice(0, n), c.y.slice(0, n), { verbose: 0 });
    assertAllClose([loss, accuracy], c.evaluate, { rtol: 1e-5, atol: 1e-6 });
    const pred = await model.predict(c.x.slice(0, n), { batchSize: 5 });
    assertAllClose(pred.dataSync(), c.predict.flat(), { rtol: 1e-5, atol: 1e-6 });
  });
}

Deno.test("fit() separates a tiny separable problem (loss falls, accuracy 1)", async () => {
  const x = [[0, 0], [0, 1], [1, 0], [1, 1], [2, 2], [2, 3], [3, 2], [3, 3]];
  const y = [0, 0, 0, 0, 1, 1, 1, 1];
  const model = new Sequential([
    new Dense(8, { activation: "tanh", seed: 1 }),
    new Dense(1, { activation: "sigmoid", seed: 2 }),
  ]);
  model.compile({ optimizer: "adam", loss: "binaryCrossentropy", metrics: ["acc"] });
  const h = await model.fit(x, y, { epochs: 300, batchSize: 4, verbose: 0, seed: 3 });
  const loss = h.history.loss;
  assert.ok(loss[loss.length - 1] < loss[0] / 3, `loss ${loss[0]} -> ${loss[loss.length - 1]}`);
  assert.equal(h.history.acc[h.history.acc.length - 1], 1);
  assert.deepEqual(h.epoch, Array.from({ length: 300 }, (_, i) => i));
});

Deno.test("fit() calls callbacks in Keras' order and stops on stopTraining", async () => {
  const model = new Sequential([new Dense(1, { inputDim: 2, seed: 0 })]);
  model.compile({ optimizer: "sgd", loss: "mse" });
  const calls: string[] = [];
  const h = await model.fit([[1, 2], [3, 4], [5, 6]], [1, 2, 3], {
    epochs: 5,
    batchSize: 2,
    verbose: 0,
    callbacks: [{
      onTrainBegin: () => void calls.push("train"),
      onEpochBegin: (e) => void calls.push(`epoch ${e}`),
      onBatchEnd: (b, logs) => void calls.push(`batch ${b} ${Object.keys(logs)}`),
      onEpochEnd: (e) => {
        calls.push(`end ${e}`);
        if (e === 1) model.stopTraining = true;
      },
      onTrainEnd: () => Promise.resolve(void calls.push("done")),
    }],
  });
  assert.deepEqual(calls, [
    "train",
    "epoch 0",
    "batch 0 loss",
    "batch 1 loss",
    "end 0",
    "epoch 1",
    "batch 0 loss",
    "batch 1 loss",
    "end 1",
    "done",
  ]);
  assert.equal(h.history.loss.length, 2);
});

/** Asserts `promise` rejects with `ErrorClass` matching `pattern`, no final period. */
async function rejects(promise: Promise<unknown>, ErrorClass: typeof TypeError, pattern: RegExp) {
  await assert.rejects(promise, (err: Error) => {
    assert.ok(err instanceof ErrorClass, `${err.constructor.name}: ${err.message}`);
    assert.match(err.message, pattern);
    assert.ok(!err.message.endsWith("."));
    return true;
  });
}

Deno.test("fit(), evaluate() and compile() reject bad input and leave the weights as they were", async () => {
  const model = new Sequential([
    new Embedding(10, 2, { inputLength: 3, seed: 0 }),
    new Flatten(),
    new Dense(3, { activation: "softmax", seed: 0 }),
  ]);
  const before = model.namedParameters().map(([, t]) => Array.from(t.dataSync()));
  const x = [[1, 2, 3], [4, 5, 6]];
  await rejects(model.fit(x, [0, 1]), TypeError, /^Sequential\.fit\(\): the model is not compiled/);
  assert.throws(
    () => model.compile({ optimizer: "adam", loss: "binary_crossentropy" as "mse" }),
    /did you mean binaryCrossentropy/,
  );
  assert.throws(
    () => model.compile({ optimizer: "rmsprop" as "adam", loss: "mse" }),
    /^TypeError: Sequential\.compile\(\): optimizer is "rmsprop"/,
  );
  assert.throws(() => model.compile({ optimizer: "adam", loss: 3 as unknown as "mse" }), TypeError);
  model.compile({
    optimizer: "adam",
    loss: "sparseCategoricalCrossentropy",
    metrics: ["accuracy"],
  });
  await rejects(model.fit(x, [0, 1, 2]), TypeError, /x has 2 samples but y has 3/);
  await rejects(
    model.fit(x, [0, 3]),
    RangeError,
    /y\[1\] is 3 but sparseCategoricalCrossentropy labels must be integers in \[0, 3\)/,
  );
  await rejects(
    model.fit([[1, 2, 10], [1, 1, 1]], [0, 1]),
    RangeError,
    /x holds 10 but the Embedding has 10 rows/,
  );
  await rejects(model.fit([[1, 2], [1, 1]], [0, 1]), TypeError, /Sequential\.fit\(\)/);
  await rejects(model.fit(x, [0, 1], { epochs: -1 }), RangeError, /Sequential\.fit\(\)/);
  // 2^31 epochs or more would run for ever (the property suite's seed 3 found it).
  await rejects(
    model.fit(x, [0, 1], { epochs: 2 ** 31 }),
    RangeError,
    /Sequential\.fit\(\): epochs is 2147483648 but must lie in \[0, 2\^31 - 1\]/,
  );
  await rejects(model.fit(x, [0, 1], { batch_size: 2 } as never), TypeError, /batchSize/);
  await rejects(model.fit(x, [0, 1], { validationData: [x, [0, 5]] }), RangeError, /y\[1\] is 5/);
  await rejects(
    model.evaluate(x, [0.5, 1]),
    RangeError,
    /^Sequential\.evaluate\(\): y\[0\] is 0\.5/,
  );
  const after = model.namedParameters().map(([, t]) => Array.from(t.dataSync()));
  assert.deepEqual(after, before);
  const bce = new Sequential([new Dense(1, { activation: "sigmoid", inputDim: 1, seed: 0 })]);
  bce.compile({ optimizer: "adam", loss: "binaryCrossentropy" });
  await rejects(
    bce.fit([[1], [2]], [1, 2]),
    RangeError,
    /binaryCrossentropy labels must lie in \[0, 1\]/,
  );
  await rejects(
    bce.fit(tensor([[1], [2]]), [[1], [0], [1]]),
    TypeError,
    /x has 2 samples but y has 3/,
  );
});

Deno.test("summary() before the model is built names the way to build it", () => {
  const model = new Sequential([new Flatten(), new Dense(2)]);
  assert.throws(
    () => model.summary(),
    /^TypeError: Sequential\.summary\(\): the model is not built yet/,
  );
});

Deno.test("fit() leaves a frozen table as it was and trains the rest; Sequential(a, b) is Sequential([a, b])", async () => {
  const table = Array.from({ length: 5 }, (_, i) => [i / 5, 1 - i / 5]);
  const frozen = Embedding.fromPretrained(table);
  const dense = new Dense(1, { activation: "sigmoid", seed: 0 });
  const model = new Sequential(frozen, new Flatten(), dense);
  assert.deepEqual(model.namedParameters().map(([n]) => n), ["0.weight"]);
  model.compile({ optimizer: "adam", loss: "binaryCrossentropy" });
  await model.fit([[1, 2], [3, 4]], [0, 1], { epochs: 3, verbose: 0 });
  assert.deepEqual(model.namedParameters().map(([n]) => n), ["0.weight", "2.kernel", "2.bias"]);
  assertAllClose(frozen.weight.dataSync(), Float32Array.from(table.flat()), { rtol: 0, atol: 0 });
  assert.ok(dense.bias!.dataSync()[0] !== 0);
  const keras = new Sequential([new Flatten(), new Dense(2, { seed: 0 })]);
  assert.equal(keras.length, 2);
  assert.equal(
    keras.toString(),
    "Sequential(\n  (0): Flatten(start_dim=1, end_dim=-1)\n  (1): Dense(units=2, activation=linear, use_bias=True)\n)",
  );
});

Deno.test("fit() adds a table's regulariser to the loss and gradient and applies its constraint after the step", async () => {
  const table = [[0.3, -0.2], [0.1, 0.4], [-0.5, 0.2], [0.25, 0.25], [0.4, -0.45]];
  const constraint = maxNormConstraint({ maxValue: 0.5 });
  const emb = new Embedding(5, 2, {
    weight: table,
    embeddingsRegularizer: l2(0.1),
    embeddingsConstraint: constraint,
  });
  const dense = new Dense(1, { activation: "sigmoid", inputDim: 4, seed: 3 });
  const model = new Sequential([emb, new Flatten(), dense]);
  model.build([null, 2]);
  const kernel = Array.from(dense.kernel!.dataSync());
  const x = [[1, 2], [3, 4], [0, 1]], y = [1, 0, 1];
  // The reference: the same step by hand through autograd, penalty 0.1·ΣW² included.
  const w = tensor(table), k = tensor(kernel, { shape: [4, 1] });
  w.requiresGrad = true, k.requiresGrad = true;
  const p = sigmoid(matmul(reshape(embeddingForward(w, x), [3, 4]), k));
  const bce = binaryCrossEntropy(reshape(p, [3]), y);
  const loss = add(bce, mul(sum(mul(w, w)), 0.1));
  await loss.backward();
  const stepped = Float32Array.from(
    w.dataSync(),
    (v, i) => v - 0.01 * (w.grad as Tensor).dataSync()[i],
  );
  constraint.apply(stepped, 5, 2);
  model.compile({ optimizer: "sgd", loss: "binaryCrossentropy" });
  const h = await model.fit(x, y, { verbose: 0, shuffle: false });
  assertAllClose(h.history.loss, [(await loss.data())[0]], { rtol: 1e-5 });
  assertAllClose(emb.weight.dataSync(), stepped, { rtol: 1e-5, atol: 1e-7 });
});
