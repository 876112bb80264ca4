/**
 * Tests of `EmbeddingBag.forward` / `grad` called the PyTorch way, with
 * offsets (and per-sample weights) as positional arguments.
 */

import assert from "node:assert/strict";
import { EmbeddingBag, embeddingBagForward, type Tensor, tensor } from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean, rng } from "../_helpers.ts";
import { bagsFromOffsets, refBagForward, refBagGrad, uniforms } from "../_reference.ts";

const V = 7, D = 4, SUMS = { rtol: 1e-5, atol: 1e-6 };
const idx = [1, 2, 4, 5, 6];

function bag(mode: "sum" | "mean" | "max", seed: number) {
  const values = Float32Array.from(uniforms(rng(seed), V * D));
  return { values, b: new EmbeddingBag(V, D, { mode, weight: tensor(values, { shape: [V, D] }) }) };
}

Deno.test("EmbeddingBag.forward(indices, offsets) takes offsets positionally, as PyTorch does", async () => {
  for (const mode of ["sum", "mean", "max"] as const) {
    const { values, b } = bag(mode, mode.length);
    const ref = refBagForward({ w: values, V, D, idx, bags: bagsFromOffsets([0, 3], 5), mode });
    const forms = [
      [0, 3],
      new Int32Array([0, 3]),
      tensor([0, 3], { dtype: "int32" }),
      tensor([0, 3]),
    ];
    for (const offsets of forms) {
      const out = b.forward(idx, offsets);
      assert.deepEqual(out.shape, [2, D]);
      assertAllClose(await out.data(), ref, SUMS);
    }
    assertBitwise(
      await b.forward(idx, [0, 3]).data(),
      await b.forward(idx, { offsets: [0, 3] }).data(),
    );
  }
});

Deno.test("EmbeddingBag.forward(indices, offsets, perSampleWeights) weights a sum bag", async () => {
  const { values, b } = bag("sum", 11);
  const psw = [0.5, 2, -1, 3, 0.25];
  const ref = refBagForward({
    w: values,
    V,
    D,
    idx,
    bags: bagsFromOffsets([0, 3], 5),
    mode: "sum",
    psw,
  });
  assertAllClose(await b.forward(idx, [0, 3], psw).data(), ref, SUMS);
});

Deno.test("EmbeddingBag.grad(gradOutput, indices, offsets, perSampleWeights) matches the reference", async () => {
  const { values, b } = bag("sum", 12);
  const psw = [0.5, 2, -1, 3, 0.25];
  const g = uniforms(rng(13), 2 * D);
  const problem = {
    w: values,
    V,
    D,
    idx,
    bags: bagsFromOffsets([0, 3], 5),
    mode: "sum" as const,
    psw,
  };
  const ref = refBagGrad(problem, g);
  const grads = b.grad(tensor(g, { shape: [2, D] }), idx, [0, 3], psw);
  assertAllClose(await (grads.weight as Tensor).data(), ref.weight, SUMS);
  assertAllClose(await grads.perSampleWeights!.data(), ref.psw!, SUMS);
});

Deno.test("EmbeddingBag.forward() rejects a bad second argument with a pointed message", () => {
  const { b } = bag("sum", 14);
  assertThrowsClean(
    () => b.forward(idx, 3 as unknown as number[]),
    TypeError,
    /^EmbeddingBag\.forward\(\): the second argument is 3 but must be offsets \(an array, Int32Array or tensor\) or an options object$/,
    [b.weight],
  );
  assertThrowsClean(
    () => b.forward(idx, { offsets: [0, 3] }, [1, 1, 1, 1, 1]),
    TypeError,
    /^EmbeddingBag\.forward\(\): perSampleWeights is passed positionally but the offsets argument is an object; pass offsets positionally too, or both in the options object$/,
  );
  assertThrowsClean(
    () => b.forward(idx, [0, 6]),
    RangeError,
    /^embeddingBagForward\(\): offsets/,
  );
});

Deno.test("embeddingBagForward() points at { offsets } when offsets are passed as options", () => {
  const { b } = bag("sum", 15);
  for (const wrong of [[0, 3], new Int32Array([0, 3]), tensor([0, 3])]) {
    assertThrowsClean(
      () => embeddingBagForward(b.weight, idx, wrong as unknown as { offsets: number[] }),
      TypeError,
      /^embeddingBagForward\(\): options is .* but must be an object \(pass offsets as \{ offsets \}\)$/,
    );
  }
});
