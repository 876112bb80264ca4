/**
 * Tests of `embeddingBagGrad`'s rules that finite differences cannot see (docs/semantics.md:
 * Gradients): scaleGradByFreq, padding, max mode's winners, empty bags, and a pending max-norm.
 */

import assert from "node:assert/strict";
import { embeddingBagForward, embeddingBagGrad, tensor } from "../../mod.ts";
import { assertAllClose, assertBitwise, snapshot, W } from "../_helpers.ts";
import { bagsOf2d, refBagGrad, refRenorm } from "../_reference.ts";
import { type Mode, randomProblem } from "./_embedding_bag_grad.ts";

Deno.test("embeddingBagGrad() with scaleGradByFreq matches the documented rule, not PyTorch 1.13's mean", () => {
  for (let seed = 0; seed < 8; seed++) {
    const mode: Mode = seed % 2 ? "mean" : "sum", weighted = seed % 4 === 2;
    const { p, g, ids, options } = randomProblem(
      77 + seed,
      mode,
      seed < 4 ? "offsets" : "2d",
      seed % 3 === 0,
      weighted,
    );
    const got = embeddingBagGrad(
      tensor(Float32Array.from(g), { shape: [p.bags.length, p.D] }),
      tensor(Float32Array.from(p.w), { shape: [p.V, p.D] }),
      ids,
      { ...options, scaleGradByFreq: true },
    );
    const want = refBagGrad(p, g, true);
    assertAllClose(got.weight.dataSync(), want.weight, {
      rtol: 1e-5,
      atol: 1e-6,
      msg: `seed ${seed}`,
    });
    if (weighted) {
      assertAllClose(got.perSampleWeights!.dataSync(), want.psw, { rtol: 1e-5, atol: 1e-6 });
    }
  }
  // By hand: row 1 occurs 3 times in the batch, so each entry gives 1/count(bag) · 1/3.
  const hand = embeddingBagGrad([[6], [12]], W(3, 1), [[1, 1], [1, 2]], {
    mode: "mean",
    scaleGradByFreq: true,
  });
  assertAllClose(hand.weight.dataSync(), [0, 6 / 2 / 3 * 2 + 12 / 2 / 3, 12 / 2], { rtol: 1e-7 });
});

Deno.test("embeddingBagGrad() gives padding rows and positions no gradient", () => {
  const w = tensor([[1, 2], [3, 4], [5, 6]]);
  const got = embeddingBagGrad([[1, 1], [2, 2]], w, [0, 1, 0, 2, 0], {
    mode: "sum",
    offsets: [0, 3],
    paddingIdx: 0,
    perSampleWeights: [9, 1, 9, 2, 9],
  });
  assertBitwise(got.weight.dataSync(), [0, 0, 1, 1, 4, 4]);
  assertBitwise(got.perSampleWeights!.dataSync(), [0, 7, 0, 22, 0]);
  const mean = embeddingBagGrad([[6, 6]], w, [[0, 1, 0, 2]], { mode: "mean", paddingIdx: 0 });
  assertBitwise(mean.weight.dataSync(), [0, 0, 3, 3, 3, 3], "the mean's count excludes padding");
});

Deno.test("embeddingBagGrad() in max mode routes each dimension to its first winner, once per bag", () => {
  const w = tensor([[NaN, 1], [2, 7], [3, 7], [3, 0]]);
  const ids = [[2, 2, 1], [1, 2, 3], [0, 2, 1]];
  const g = [[10, 20], [30, 40], [50, 60]];
  const got = embeddingBagGrad(g, w, ids, { mode: "max" });
  // Bag 0: row 2 (twice) wins both dimensions, once. Bag 1: row 2 wins d0 (3 ties with row 3, first
  // wins); row 1 wins d1 (7 ties with row 2). Bag 2: the NaN first entry wins d0; row 2 wins d1.
  const want = refBagGrad(
    { w: w.dataSync(), V: 4, D: 2, idx: ids.flat(), bags: bagsOf2d(3, 3), mode: "max" },
    g.flat(),
  ).weight;
  assertBitwise(got.weight.dataSync(), want);
  assertBitwise(got.weight.dataSync(), [50, 0, 0, 40, 40, 80, 0, 0]);
});

Deno.test("embeddingBagGrad() gives empty bags and an empty batch no gradient", () => {
  const w = W(3, 2);
  for (const mode of ["sum", "mean", "max"] as const) {
    assertBitwise(
      embeddingBagGrad([[1, 1], [2, 2]], w, [], { mode, offsets: [0, 0] }).weight.dataSync(),
      [0, 0, 0, 0, 0, 0],
    );
    assertBitwise(
      embeddingBagGrad(tensor(new Float32Array(0), { shape: [0, 2] }), w, [], { mode, offsets: [] })
        .weight.dataSync(),
      [0, 0, 0, 0, 0, 0],
    );
  }
});

Deno.test("embeddingBagGrad() reads the table after a pending max-norm and mutates nothing", () => {
  const rows = [3, 4, 0.3, 0.4];
  const w = tensor(rows, { shape: [2, 2] });
  embeddingBagForward(w, [[0, 1]], { mode: "sum", maxNorm: 1 }); // lazy: renormalises row 0
  const g = tensor([[2, 1]]);
  const got = embeddingBagGrad(g, w, [[0, 1]], { mode: "sum", perSampleWeights: [[1, 1]] });
  const renormed = refRenorm(rows, 2, [0, 1], 1);
  assertAllClose(got.perSampleWeights!.dataSync(), [2 * renormed[0] + renormed[1], 2 * 0.3 + 0.4], {
    rtol: 1e-6,
  });
  const before = snapshot(w);
  embeddingBagGrad(g, w, [[0, 1]], { mode: "max" }).weight.dataSync();
  assert.deepEqual(snapshot(w), before);
  assert.deepEqual(snapshot(g), [2, 1]);
});
