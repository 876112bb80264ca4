/**
 * Tests of the op boundary's conversions: float32 tensors with integer values
 * accepted as indices and offsets (PyTorch users write `tensor([1, 2])`),
 * everything else rejected with a message that says why.
 */

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingForward,
  embeddingGrad,
  jit,
  type Tensor,
  tensor,
} from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean, rng } from "../_helpers.ts";
import { bagsFromOffsets, ints, refBagForward, refGather, uniforms } from "../_reference.ts";

const V = 6, D = 3;

function table(seed: number) {
  const values = Float32Array.from(uniforms(rng(seed), V * D));
  return { values, weight: tensor(values, { shape: [V, D] }) };
}

Deno.test("embeddingForward() accepts a float32 tensor of integers as indices", async () => {
  const { values, weight } = table(1);
  const idx = ints(rng(2), 8, V);
  const out = embeddingForward(weight, tensor(idx, { shape: [2, 4] }));
  assert.deepEqual(out.shape, [2, 4, D]);
  assertBitwise(await out.data(), refGather(values, idx, D));
});

Deno.test("embeddingForward() accepts a lazy float32 tensor and a 0-D one as indices", async () => {
  const { values, weight } = table(3);
  const lazy = embeddingForward(tensor([[2, 1, 5], [0, 3, 4]]), tensor([1, 0])); // rows of a table
  assertBitwise(
    await embeddingForward(weight, lazy).data(),
    refGather(values, [0, 3, 4, 2, 1, 5], D),
  );
  const scalar = embeddingForward(weight, tensor(4));
  assert.deepEqual(scalar.shape, [D]);
  assertBitwise(await scalar.data(), refGather(values, [4], D));
});

Deno.test("embeddingForward() rejects a float32 index that is not an integer, naming it", () => {
  const { weight } = table(4);
  for (const bad of [1.5, NaN, Infinity, -0.25]) {
    assertThrowsClean(
      () => embeddingForward(weight, tensor([[0, 1], [2, bad]]), { maxNorm: 0.1 }),
      TypeError,
      new RegExp(
        `^embeddingForward\\(\\): indices\\[1,1\\] is ${bad} but indices must be integers \\(a float32 tensor is accepted only when every value is an integer\\)$`,
      ),
      [weight],
    );
  }
});

Deno.test("embeddingForward() applies the range policy to converted float32 indices", () => {
  const { weight } = table(5);
  assertThrowsClean(
    () => embeddingForward(weight, tensor([0, 6]), { maxNorm: 0.1 }),
    RangeError,
    /^embeddingForward\(\): indices\[1\] is 6 but numEmbeddings is 6$/,
    [weight],
  );
  assertThrowsClean(
    () => embeddingForward(weight, tensor([-1, 0])),
    RangeError,
    /^embeddingForward\(\): indices\[0\] is -1 but indices must be non-negative/,
  );
  assertThrowsClean(
    () => embeddingForward(weight, tensor([0, 2 ** 31])),
    RangeError,
    /^embeddingForward\(\): indices\[1\] is 2147483648 but int32 values lie in/,
  );
});

Deno.test("embeddingBagForward() accepts float32 tensors of integers as indices and offsets", async () => {
  const { values, weight } = table(6);
  const idx = ints(rng(7), 7, V), offsets = [0, 2, 2, 5];
  const out = embeddingBagForward(weight, tensor(idx), { offsets: tensor(offsets), mode: "sum" });
  const ref = refBagForward({
    w: values,
    V,
    D,
    idx,
    bags: bagsFromOffsets(offsets, idx.length),
    mode: "sum",
  });
  assertAllClose(await out.data(), ref, { rtol: 1e-5, atol: 1e-6 });
  assertThrowsClean(
    () => embeddingBagForward(weight, idx, { offsets: tensor([0, 1.5]) }),
    TypeError,
    /^embeddingBagForward\(\): offsets\[1\] is 1.5 but offsets must be integers/,
  );
});

Deno.test("embeddingGrad() accepts float32 indices like int32 ones", async () => {
  const idx = [1, 4, 1, 0];
  const g = tensor(Array.from({ length: 4 }, (_, i) => [i, 2 * i, 3 * i]));
  const got = embeddingGrad(g, tensor(idx), { numEmbeddings: V });
  const want = embeddingGrad(g, tensor(idx, { dtype: "int32" }), { numEmbeddings: V });
  assertBitwise(await got.data(), await want.data());
});

Deno.test("jit() rejects float32 indices inside a trace, since replays would read a stale copy", async () => {
  const { weight } = table(8);
  const look = jit((w: Tensor<"float32">, ids: Tensor) => embeddingForward(w, ids));
  await assert.rejects(
    async () => await look(weight, tensor([1, 2])),
    (err: unknown) => {
      assert.ok(err instanceof TypeError);
      assert.match(
        err.message,
        /^embeddingForward\(\): indices is a float32 tensor inside jit but must be int32 there/,
      );
      return true;
    },
  );
  // int32 indices still trace and replay.
  const ids = tensor([1, 2], { dtype: "int32" });
  assert.deepEqual((await look(weight, ids) as Tensor).shape, [2, D]);
});

Deno.test("embeddingForward() still rejects a Float32Array and an int32 table", () => {
  const { weight } = table(9);
  assertThrowsClean(
    () => embeddingForward(weight, new Float32Array([1]) as unknown as Int32Array),
    TypeError,
    /^embeddingForward\(\): indices is a Float32Array but must be an int32 tensor, Int32Array or \(nested\) array of integers$/,
  );
  assertThrowsClean(
    () => embeddingForward(tensor([[1]], { dtype: "int32" }) as unknown as Tensor<"float32">, [0]),
    TypeError,
    /^embeddingForward\(\): weight is a int32 tensor of shape \[1,1\] but must be a 2-D float32 tensor$/,
  );
});
