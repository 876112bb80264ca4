/**
 * Bad input to the autodiff surface: clear `TypeError`s and `RangeError`s
 * naming the function, and nothing mutated.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";

const x = () => T.tensor([[1, 2], [3, 4]]) as T.Tensor<"float32">;

Deno.test("grad() of a function returning a non-scalar is a TypeError naming grad", () => {
  assert.throws(
    () => T.grad((t: T.Tensor) => T.mul(t, 2))(x()),
    /^TypeError: grad\(\): .*shape \[2,2\].*scalar/,
  );
  assert.throws(
    () => T.valueAndGrad((_t: T.Tensor) => 3)(x()),
    /^TypeError: valueAndGrad\(\): the function returned 3/,
  );
});

Deno.test("grad() rejects int32 arguments, bad argnums and a non-function", () => {
  const ids = T.tensor([1, 2], { dtype: "int32" });
  assert.throws(
    () => T.grad((t: T.Tensor) => T.sum(t))(ids),
    /^TypeError: grad\(\): argument 0 is an int32 tensor/,
  );
  assert.throws(
    () => T.grad((t: T.Tensor) => T.sum(t), { argnums: 2 })(x()),
    /^RangeError: grad\(\): argnums holds 2/,
  );
  assert.throws(() => T.grad(42 as never), /^TypeError: grad\(\): fn is 42/);
  assert.throws(
    () => T.grad((t: T.Tensor) => T.sum(t), { argnum: 0 } as never)(x()),
    /^TypeError: grad\(\): unknown option/,
  );
});

Deno.test("backward() on a tensor no requiresGrad reaches, or a non-scalar, is a TypeError", async () => {
  await assert.rejects(
    () => T.sum(x()).backward(),
    /^TypeError: Tensor.backward\(\): no tensor with requiresGrad/,
  );
  const p = x();
  p.requiresGrad = true;
  await assert.rejects(
    () => T.mul(p, 2).backward(),
    /^TypeError: Tensor.backward\(\): .*shape \[2,2\]/,
  );
  assert.equal(p.grad, undefined);
  assert.throws(() => {
    T.tensor([1], { dtype: "int32" }).requiresGrad = true;
  }, /^TypeError: Tensor.requiresGrad: an int32 tensor/);
});

Deno.test("shape mismatches name the op and both shapes", () => {
  assert.throws(
    () => T.add(x(), [1, 2, 3]),
    /^TypeError: add\(\): shapes \[2, 2\] and \[3\] do not broadcast/,
  );
  assert.throws(
    () => T.matmul(x(), [[1, 2, 3]]),
    /^TypeError: matmul\(\): shapes \[2, 2\] and \[1, 3\] cannot be multiplied/,
  );
  assert.throws(
    () => T.linear(x(), [[1, 2, 3]]),
    /^TypeError: linear\(\): shapes \[2, 2\] and \[1, 3\]ᵀ cannot be multiplied/,
  );
  assert.throws(
    () => T.reshape(x(), [3, -1]),
    /^TypeError: reshape\(\): cannot reshape \[2, 2\] \(4 elements\) to \[3, -1\]/,
  );
  assert.throws(
    () => T.concat([x(), T.tensor([1, 2])]),
    /^TypeError: concat\(\): xs\[1\] is float32 \[2\]/,
  );
  // A hole in a sparse array (map() skipped it: a raw "reading 'shape'" error).
  assert.throws(
    () => T.concat([, x()] as never),
    /^TypeError: concat\(\): xs\[0\] is an empty slot/,
  );
  assert.throws(
    () => T.concat([x(), , x()] as never),
    /^TypeError: concat\(\): xs\[1\] is an empty slot/,
  );
  assert.throws(() => T.sum(x(), { axis: 2 }), /^RangeError: sum\(\): axis 2 is out of range/);
});

Deno.test("losses reject a target of the wrong dtype, shape or range, with the input untouched", () => {
  const logits = x(), before = [...logits.dataSync()];
  assert.throws(
    () => T.crossEntropy(logits, [0.5, 1]),
    /^TypeError: crossEntropy\(\): target\[0\] is 0.5/,
  );
  assert.throws(
    () => T.crossEntropy(logits, [0, 1, 1]),
    /^TypeError: crossEntropy\(\): target has shape \[3\] but must be \[2\]/,
  );
  assert.throws(
    () => T.nllLoss(logits, [0, 2]),
    /^RangeError: nllLoss\(\): target\[1\] is 2 but classes are 0\.\.1/,
  );
  assert.throws(
    () => T.crossEntropy(logits, [0, 1], { labelSmoothing: 2 }),
    /^RangeError: crossEntropy\(\): labelSmoothing is 2/,
  );
  assert.throws(
    () => T.mseLoss(logits, [1, 2, 3]),
    /^TypeError: mseLoss\(\): input \[2, 2\] and target \[3\] do not broadcast/,
  );
  assert.throws(
    () => T.binaryCrossEntropy(logits, [1, 0]),
    /^TypeError: binaryCrossEntropy\(\): target has shape \[2\]/,
  );
  assert.deepEqual([...logits.dataSync()], before);
});

Deno.test("a float tensor of integers works as indices outside jit, as in PyTorch habits; fractions do not", () => {
  const w = x();
  assert.deepEqual(T.embeddingForward(w, T.tensor([1, 0])).toArraySync(), [[3, 4], [1, 2]]);
  assert.throws(
    () => T.embeddingForward(w, T.tensor([0.5])),
    /^TypeError: embeddingForward\(\): indices\[0\] is 0.5/,
  );
});

Deno.test("backward() of a loss computed before an optimizer step is a TypeError, not gradients of the new values", async () => {
  const lin = new T.Linear(2, 2, { seed: 0 });
  const emb = new T.EmbeddingBag(5, 2, { mode: "mean", seed: 1 });
  const opt = new T.SGD([...emb.parameters(), ...lin.parameters()], { lr: 0.1 });
  const lossOf = () => T.crossEntropy(lin.forward(emb.forward([[1, 2], [3, 4]])), [0, 1]);
  await lossOf().backward();
  const stale = lossOf();
  await stale.data();
  await opt.step(); // writes the table and the linear layer in place
  opt.zeroGrad();
  const table = await emb.weight.toArray();
  await assert.rejects(stale.backward(), (e: Error) => {
    assert.ok(e instanceof TypeError);
    assert.match(
      e.message,
      /^Tensor\.backward\(\): a value of shape \[\d+,\d+\] this gradient needs was modified in place/,
    );
    return true;
  });
  assert.equal(emb.weight.grad, undefined);
  assert.deepEqual(await emb.weight.toArray(), table);
  await lossOf().backward(); // a loss computed again is fine
  assert.ok(emb.weight.grad !== undefined);
});
