/** Tests of `tensor()`, `zeros()`, `randn()`, `randUniform()` and `manualSeed()`. */

import assert from "node:assert/strict";
import { full, ones, tensor, zeros } from "../../mod.ts";
import { assertBitwise, assertThrowsClean } from "../_helpers.ts";

Deno.test("tensor() infers shapes from nested arrays, numbers and typed arrays", () => {
  const cases: [unknown, number[], string][] = [
    [[[1, 2, 3], [4, 5, 6]], [2, 3], "float32"],
    [[[[1]], [[2]]], [2, 1, 1], "float32"],
    [4, [], "float32"],
    [[], [0], "float32"],
    [[[], []], [2, 0], "float32"],
    [new Float32Array(5), [5], "float32"],
    [new Float64Array(3), [3], "float32"],
    [new Int32Array(2), [2], "int32"],
  ];
  for (const [data, shape, dtype] of cases) {
    const t = tensor(data as never);
    assert.deepEqual([t.shape, t.dtype], [shape, dtype], JSON.stringify(data));
  }
});

Deno.test("tensor() rounds to float32 and copies its data once", () => {
  const src = new Float64Array([0.1, 1 / 3, 1e40, -1e-50]);
  const t = tensor(src);
  assertBitwise(t.dataSync(), Array.from(src, Math.fround));
  src[0] = 9;
  const nested = [[0.1, 0.2]];
  const u = tensor(nested);
  nested[0][0] = 9;
  assertBitwise(t.dataSync().subarray(0, 1), [Math.fround(0.1)]);
  assertBitwise(u.dataSync(), [Math.fround(0.1), Math.fround(0.2)]);
});

Deno.test("tensor() with dtype and shape options converts and reshapes", () => {
  const i = tensor([[1, -2], [3, 2 ** 31 - 1]], { dtype: "int32" });
  assert.equal(i.dtype, "int32");
  assert.deepEqual(Array.from(i.dataSync()), [1, -2, 3, 2 ** 31 - 1]);
  const r = tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2] });
  assert.deepEqual(r.toArraySync(), [[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(tensor(new Int32Array([1, 2]), { dtype: "float32" }).dtype, "float32");
  assert.deepEqual(tensor([7], { shape: [] }).shape, []);
});

Deno.test("tensor() rejects ragged, non-numeric and out-of-range data", () => {
  const F = "^tensor\\(\\): ";
  const cases: [unknown, object, typeof TypeError, string][] = [
    [[[1, 2], [3]], {}, TypeError, "data\\[1\\] has length 1 but data\\[0\\] has length 2$"],
    [[[1, 2], 3], {}, TypeError, "data\\[1\\] is 3 but must be an array of length 2$"],
    [[1, [2]], {}, TypeError, "data\\[1\\] is an array of length 1 but must be a number$"],
    [[[1], ["a"]], {}, TypeError, 'data\\[1\\]\\[0\\] is "a" but must be a number$'],
    [[null], {}, TypeError, "data\\[0\\] is null but must be a number$"],
    [
      "x",
      {},
      TypeError,
      'data is "x" but must be a Float32Array, Int32Array, Float64Array, number or nested array$',
    ],
    [{ length: 1 }, {}, TypeError, "data is an object but must be"],
    [new Uint8Array(2), {}, TypeError, "data is a Uint8Array but must be"],
    [[1], { dtype: "float64" }, TypeError, 'dtype is "float64" but must be "float32" or "int32"$'],
    [
      [1, 2, 3],
      { shape: [2, 2] },
      TypeError,
      "shape \\[2,2\\] needs 4 elements but the data has 3$",
    ],
    [[1], { shape: "1" }, TypeError, 'shape is "1" but must be an array of integers$'],
    [[1], { shape: [1.5] }, TypeError, "shape\\[0\\] is 1\\.5 but must be an integer$"],
    [[], { shape: [-1] }, RangeError, "shape\\[0\\] is -1 but must be non-negative$"],
    [[0.5], { dtype: "int32" }, TypeError, "data\\[0\\] is 0\\.5 but int32 data must be integers$"],
    [
      [1, NaN],
      { dtype: "int32" },
      TypeError,
      "data\\[1\\] is NaN but int32 data must be integers$",
    ],
    [
      [2 ** 31],
      { dtype: "int32" },
      RangeError,
      "data\\[0\\] is 2147483648 but int32 values lie in \\[-2\\^31, 2\\^31\\)$",
    ],
    [
      new Float32Array([-(2 ** 31) - 256]),
      { dtype: "int32" },
      RangeError,
      "data\\[0\\] is -2147483904",
    ],
  ];
  for (const [data, options, ErrorClass, pattern] of cases) {
    assertThrowsClean(() => tensor(data as never, options), ErrorClass, new RegExp(F + pattern));
  }
});

Deno.test("zeros() makes zero tensors of any shape and dtype", () => {
  const z = zeros([2, 3]);
  assert.deepEqual([z.shape, z.dtype], [[2, 3], "float32"]);
  assertBitwise(z.dataSync(), new Float32Array(6));
  const i = zeros([4], { dtype: "int32" });
  assert.deepEqual([i.dtype, Array.from(i.dataSync())], ["int32", [0, 0, 0, 0]]);
  assert.deepEqual(zeros([]).toArraySync(), 0);
  assert.deepEqual(zeros([0, 5]).shape, [0, 5]);
  assertThrowsClean(
    () => zeros(3 as never),
    TypeError,
    /^zeros\(\): shape is 3 but must be an array of integers$/,
  );
  assertThrowsClean(
    () => zeros([2, -1]),
    RangeError,
    /^zeros\(\): shape\[1\] is -1 but must be non-negative$/,
  );
  assertThrowsClean(
    () => zeros([2], { dtype: "bool" as never }),
    TypeError,
    /^zeros\(\): dtype is "bool"/,
  );
});

Deno.test("ones() and full() fill every element, in float32 or int32", async () => {
  assert.deepEqual(await ones([2, 2]).toArray(), [[1, 1], [1, 1]]);
  assert.deepEqual(await full([3], 0.1).data(), Float32Array.of(0.1, 0.1, 0.1));
  const ids = full([2], 7, { dtype: "int32" });
  assert.equal(ids.dtype, "int32");
  assert.deepEqual(Array.from(await ids.data()), [7, 7]);
  assert.deepEqual(ones([0, 3]).shape, [0, 3]);
});

Deno.test("full() rejects values its dtype cannot hold", () => {
  assertThrowsClean(
    () => full([1], 1.5, { dtype: "int32" }),
    TypeError,
    /^full\(\): data\[0\] is 1\.5 but int32 data must be integers$/,
  );
  assertThrowsClean(
    () => full([1], 2 ** 31, { dtype: "int32" }),
    RangeError,
    /^full\(\): data\[0\] is 2147483648/,
  );
  assertThrowsClean(
    () => full([1], "1" as unknown as number),
    TypeError,
    /^full\(\): value is "1" but must be a number$/,
  );
  assertThrowsClean(
    () => ones([-1]),
    RangeError,
    /^ones\(\): shape\[0\] is -1 but must be non-negative$/,
  );
});

Deno.test("tensor(), zeros(), ones() and full() reject options that are not plain objects, naming themselves", () => {
  const calls: [string, (o: unknown) => unknown][] = [
    ["tensor", (o) => tensor([1], o as never)],
    ["zeros", (o) => zeros([1], o as never)],
    ["ones", (o) => ones([1], o as never)],
    ["full", (o) => full([1], 2, o as never)],
  ];
  for (const [name, call] of calls) {
    const bads: [unknown, string][] = [[null, "null"], [3, "3"], ["int32", '"int32"']];
    bads.push([[1], "an array of length 1"]);
    for (const [bad, shown] of bads) {
      assertThrowsClean(
        () => call(bad),
        TypeError,
        new RegExp(
          `^${name}\\(\\): options is ${shown.replace(/[[\]]/g, "\\$&")} but must be an object$`,
        ),
      );
    }
    assertThrowsClean(
      () => call({ d_type: "int32" }),
      TypeError,
      new RegExp(`^${name}\\(\\): unknown option d_type \\(did you mean dtype\\?\\)$`),
    );
  }
});

Deno.test("tensor() rejects data nested past 32 dimensions or cyclic with a RangeError, not a stack overflow", () => {
  let deep: unknown = [1];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const cyclic: unknown[] = [];
  cyclic.push(cyclic);
  for (const data of [deep, cyclic]) {
    assertThrowsClean(
      () => tensor(data as number[]),
      RangeError,
      /^tensor\(\): data is nested more than 32 deep \(or cyclic\) but tensors have at most 32 dimensions$/,
    );
  }
  const row: unknown[] = [[1], [2]];
  row[1] = row;
  assertThrowsClean(
    () => tensor(row as number[]),
    TypeError,
    /^tensor\(\): data\[1\] has length 2/,
  );
  assertThrowsClean(
    () => zeros(new Array(33).fill(1)),
    RangeError,
    /^zeros\(\): shape has 33 dimensions but tensors have at most 32$/,
  );
  const getter = [1, 2];
  Object.defineProperty(getter, 1, {
    get: () => {
      throw new Error("boom");
    },
  });
  assertThrowsClean(
    () => tensor(getter),
    TypeError,
    /^tensor\(\): data could not be read \(boom\)$/,
  );
});
