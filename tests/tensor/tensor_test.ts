/** Tests of `Tensor`: shape accessors, reading values, laziness, disposal and PyTorch-style printing. */

import assert from "node:assert/strict";
import { embeddingForward, type Tensor, tensor } from "../../mod.ts";
import reprs from "../fixtures/torch_reprs.json" with { type: "json" };

const arange = (n: number, f = (i: number) => i) =>
  Float32Array.from({ length: n }, (_, i) => f(i));

/** The tensors of tests/fixtures/gen_reprs.py, by name. */
const CASES: Record<string, () => Tensor> = {
  "[[1, 2], [3, 4]]": () => tensor([[1, 2], [3, 4]]),
  "[[1.5, -2], [3, 4]]": () => tensor([[1.5, -2], [3, 4]]),
  "[1e-5, 1]": () => tensor([1e-5, 1]),
  "[NaN, Infinity, -Infinity, 1]": () => tensor([NaN, Infinity, -Infinity, 1]),
  "[-0, 1]": () => tensor([-0, 1]),
  "[-0, 0.5]": () => tensor([-0, 0.5]),
  "[0, 0]": () => tensor([0, 0]),
  "[NaN, NaN]": () => tensor([NaN, NaN]),
  "[1, 2000]": () => tensor([1, 2000]),
  "[0.5, 100]": () => tensor([0.5, 100]),
  "[0.1, 2000]": () => tensor([0.1, 2000]),
  "[123456789, 1]": () => tensor([123456789, 1]),
  "[0.03125, 0.09375, -0.15625]": () => tensor([0.03125, 0.09375, -0.15625]),
  "[-1e-5, 0, 3]": () => tensor([-1e-5, 0, 3]),
  "[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]": () => tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]),
  "arange(30) / 7": () => tensor(arange(30, (i) => i / 7)),
  "arange(2000)": () => tensor(arange(2000)),
  "arange(2000) / 3, shape [40, 50]": () => tensor(arange(2000, (i) => i / 3), { shape: [40, 50] }),
  "arange(1200), shape [10, 10, 12]": () => tensor(arange(1200), { shape: [10, 10, 12] }),
  "zeros(2000)": () => tensor(new Float32Array(2000)),
  "scalar 5": () => tensor(5),
  "scalar -0.25": () => tensor(-0.25),
  "int32 [1, -20, 3]": () => tensor(new Int32Array([1, -20, 3])),
  "int32 [[1, 2], [3, 4]]": () => tensor([[1, 2], [3, 4]], { dtype: "int32" }),
  "int32 arange(40)": () => tensor(Int32Array.from(arange(40))),
  "int32 scalar 3": () => tensor(3, { dtype: "int32" }),
  "empty [0, 3]": () => tensor([], { shape: [0, 3] }),
  "empty [0]": () => tensor([]),
  "empty int32 [2, 0]": () => tensor(new Int32Array(0), { shape: [2, 0] }),
};

Deno.test("Tensor.toString() prints like PyTorch 1.13's repr", async (t) => {
  const expected = reprs.reprs as Record<string, string>;
  assert.deepEqual(Object.keys(CASES).sort(), Object.keys(expected).sort());
  for (const [name, make] of Object.entries(CASES)) {
    await t.step(name, () => assert.equal(make().toString(), expected[name]));
  }
});

Deno.test("Tensor.toString() computes a lazy tensor, and Deno.inspect() prints the same", () => {
  const out = embeddingForward(tensor([[0, 0.5], [1, 1.5]]), [1, 0]);
  assert.equal(out.realized, false);
  assert.equal(out.toString(), "tensor([[1.0000, 1.5000],\n        [0.0000, 0.5000]])");
  assert.equal(Deno.inspect(out), out.toString());
  assert.equal(`${tensor([2, 3], { dtype: "int32" })}`, "tensor([2, 3], dtype=int32)");
});

Deno.test("Tensor reports its shape, dtype, size and rank", () => {
  const cases: [Tensor, number[], string, number][] = [
    [tensor([[1, 2, 3], [4, 5, 6]]), [2, 3], "float32", 6],
    [tensor(7), [], "float32", 1],
    [tensor(new Int32Array(4)), [4], "int32", 4],
    [tensor([], { shape: [3, 0, 2] }), [3, 0, 2], "float32", 0],
  ];
  for (const [t, shape, dtype, size] of cases) {
    assert.deepEqual(t.shape, shape);
    assert.equal(t.dtype, dtype);
    assert.equal(t.size, size);
    assert.equal(t.rank, shape.length);
    assert.equal(t.realized, true, "tensor() results are realized");
  }
});

Deno.test("Tensor.data() and dataSync() return one typed-array view over the tensor's storage", async () => {
  const t = tensor([[1, 2], [3, 4]]);
  const a = await t.data();
  assert.ok(a instanceof Float32Array);
  assert.equal(t.dataSync(), a, "the same view, not a copy");
  a[3] = 40;
  assert.deepEqual(
    t.toArraySync(),
    [[1, 2], [3, 40]],
    "writing through the view writes the tensor",
  );
  const i = await tensor(new Int32Array([5, 6])).data();
  assert.ok(i instanceof Int32Array);
  assert.deepEqual(Array.from(i), [5, 6]);
});

Deno.test("Tensor.toArray() nests values by shape", async () => {
  assert.deepEqual(await tensor([[[1, 2]], [[3, 4]]]).toArray(), [[[1, 2]], [[3, 4]]]);
  assert.equal(await tensor(2.5).toArray(), 2.5);
  assert.deepEqual(await tensor([]).toArray(), []);
  assert.deepEqual(await tensor([], { shape: [2, 0] }).toArray(), [[], []]);
  assert.deepEqual(tensor([[1, 2]], { dtype: "int32" }).toArraySync(), [[1, 2]]);
});

Deno.test("Tensor results of ops are lazy until read, by data(), dataSync() or toArray()", async () => {
  const w = tensor([[0, 1], [2, 3]]);
  const reads: ((t: Tensor) => unknown)[] = [
    (t) => t.data(),
    (t) => t.dataSync(),
    (t) => t.toArray(),
    (t) => t.toArraySync(),
  ];
  for (const read of reads) {
    const out = embeddingForward(w, [1]);
    assert.equal(out.realized, false);
    await read(out);
    assert.equal(out.realized, true);
    assert.deepEqual(out.toArraySync(), [[2, 3]]);
  }
});

Deno.test("Tensor.dispose() makes the tensor unusable with a clear error", async () => {
  const t = tensor([1, 2]);
  t.dispose();
  t.dispose(); // twice is harmless
  assert.equal(t.toString(), "Tensor(disposed, shape=[2])");
  assert.throws(
    () => t.dataSync(),
    (e: Error) =>
      e instanceof TypeError &&
      /^Tensor\.dataSync\(\): the tensor of shape \[2\] has been disposed$/.test(e.message),
  );
  await assert.rejects(t.data(), TypeError);
  await assert.rejects(t.toArray(), /has been disposed/);
  const out = embeddingForward(tensor([[1, 2]]), [0, 0]);
  out.dataSync();
  out.dispose();
  assert.throws(() => out.toArraySync(), /tensor of shape \[2,2\] has been disposed/);
});

Deno.test("Tensor is disposed at the end of a using block", () => {
  let escaped: Tensor;
  {
    using t = tensor([[1, 2]]);
    escaped = t;
    assert.deepEqual(t.toArraySync(), [[1, 2]]);
  }
  assert.equal(escaped.toString(), "Tensor(disposed, shape=[1,2])");
});

Deno.test("Tensor.requiresGrad = false stops backward() from reaching the tensor", async () => {
  const { mul, sum } = await import("../../mod.ts");
  const a = tensor([1, 2]), b = tensor([3, 4]);
  a.requiresGrad = true;
  b.requiresGrad = true;
  b.requiresGrad = false;
  await sum(mul(a, b)).backward();
  assert.deepEqual([await (a.grad as Tensor).toArray(), b.grad], [[3, 4], undefined]);
  a.requiresGrad = false;
  await assert.rejects(() => sum(mul(a, b)).backward(), TypeError);
});
