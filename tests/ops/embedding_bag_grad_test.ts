/**
 * Tests of `embeddingBagGrad`: errors (docs/semantics.md: Gradients, Errors), finite differences
 * of the weight and per-sample-weight gradients on random cases, and the
 * rules finite differences cannot see (scaleGradByFreq, padding).
 */

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingBagGrad,
  type EmbeddingBagGradOptions,
  Tensor,
  tensor,
} from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean, rng, snapshot, W } from "../_helpers.ts";
import {
  type Bag,
  type BagProblem,
  bagsFromOffsets,
  bagsOf2d,
  dot,
  finiteDiff,
  ints,
  randomOffsets,
  refBagForward,
  refBagGrad,
  refRenorm,
  uniforms,
} from "../_reference.ts";

const F = /^embeddingBagGrad\(\): /;
type Mode = "sum" | "mean" | "max";

function expectError(
  g: unknown,
  w: Tensor,
  ids: unknown,
  options: unknown,
  ErrorClass: typeof TypeError,
  pattern: RegExp,
) {
  const call = () =>
    embeddingBagGrad(
      g as Tensor<"float32">,
      w as Tensor<"float32">,
      ids as never,
      options as EmbeddingBagGradOptions,
    );
  assertThrowsClean(
    call,
    ErrorClass,
    new RegExp(F.source + pattern.source),
    [g, w].filter((t) => t instanceof Tensor),
  );
}

Deno.test("embeddingBagGrad() rejects a gradOutput that is not [B, D]", () => {
  const w = W(5, 3);
  expectError(
    tensor([[1, 2]]),
    w,
    [[1, 2]],
    {},
    TypeError,
    /gradOutput has shape \[1,2\] but must be \[B, D\] = \[1,3\]$/,
  );
  expectError(
    tensor([[1, 2, 3], [4, 5, 6]]),
    w,
    [[1, 2]],
    {},
    TypeError,
    /gradOutput has shape \[2,3\] but must be \[B, D\] = \[1,3\]$/,
  );
  expectError(
    tensor([1, 2, 3]),
    w,
    [1, 2],
    { offsets: [0] },
    TypeError,
    /gradOutput has shape \[3\] but must be \[B, D\] = \[1,3\]$/,
  );
  expectError(
    tensor([[1, 2, 3]], { dtype: "int32" }),
    w,
    [[1]],
    {},
    TypeError,
    /gradOutput is an? int32 tensor but must be float32$/,
  );
});

Deno.test("embeddingBagGrad() rejects the options the forward rejects", () => {
  const w = W(5, 3), g = tensor([[1, 2, 3]]);
  expectError(
    g,
    w,
    [[1, 2]],
    { mode: "max", scaleGradByFreq: true },
    TypeError,
    /scaleGradByFreq is not supported with mode "max"$/,
  );
  expectError(
    g,
    w,
    [[1, 2]],
    { mode: "max", sparse: true },
    TypeError,
    /sparse gradients are not supported with mode "max"$/,
  );
  expectError(
    g,
    w,
    [[1, 2]],
    { mode: "mean", perSampleWeights: [[1, 1]] },
    TypeError,
    /perSampleWeights needs mode "sum" but mode is "mean"$/,
  );
  expectError(
    g,
    w,
    [[1, 2]],
    { mode: "sum", perSampleWeights: [1, 1] },
    TypeError,
    /perSampleWeights has shape \[2\] but indices has shape \[1,2\]$/,
  );
  expectError(
    g,
    w,
    [[1, 2]],
    { offsets: [0] },
    TypeError,
    /offsets must be absent for 2-D indices/,
  );
  expectError(g, w, [1, 2], {}, TypeError, /offsets is missing but 1-D indices need offsets$/);
  expectError(g, w, [1, 2], { offsets: [1] }, RangeError, /offsets\[0\] is 1 but must be 0$/);
  expectError(
    g,
    w,
    [1, 2],
    { offsets: [0, 3], includeLastOffset: true },
    RangeError,
    /offsets\[1\] is 3 but indices has only 2 entries$/,
  );
  expectError(
    g,
    w,
    [1, 2],
    { offsets: [0, 1], includeLastOffset: true },
    RangeError,
    /offsets\[1\] is 1 but must equal the number of indices \(2\)/,
  );
  expectError(g, w, [[1, 5]], {}, RangeError, /indices\[0,1\] is 5 but numEmbeddings is 5$/);
  expectError(
    g,
    w,
    [[-1, 2]],
    {},
    RangeError,
    /indices\[0,0\] is -1 but indices must be non-negative/,
  );
  expectError(
    g,
    w,
    [[1, 2]],
    { paddingIdx: 5 },
    RangeError,
    /paddingIdx is 5 but must lie in \[-5, 5\)/,
  );
  expectError(
    g,
    w,
    [[1, 2]],
    { maxNorm: 1 },
    TypeError,
    /unknown option maxNorm \(known options: mode, offsets/,
  );
  expectError(
    g,
    w,
    [[1, 2]],
    { padding_idx: 0 },
    TypeError,
    /unknown option padding_idx \(did you mean paddingIdx\?\)$/,
  );
  expectError(
    g,
    [[1]] as never,
    [[1, 2]],
    {},
    TypeError,
    /weight is an array of length 1 but must be a Tensor/,
  );
});

/** A random bag problem; max cases get distinct table values so no tie is within reach of eps. */
function randomProblem(
  seed: number,
  mode: Mode,
  form: "offsets" | "last" | "2d",
  padded: boolean,
  weighted: boolean,
) {
  const r = rng(seed);
  const V = 7, D = 4, B = 5;
  const w = mode === "max"
    ? Float64Array.from(uniforms(r, V * D).map((x, i) => Math.fround(i / (V * D) - 0.5 + x * 1e-3)))
    : Float64Array.from(uniforms(r, V * D), Math.fround);
  if (mode === "max") {
    for (let i = w.length - 1; i > 0; i--) { // shuffle
      const j = Math.floor(r() * (i + 1));
      [w[i], w[j]] = [w[j], w[i]];
    }
  }
  const n = form === "2d" ? B * 3 : 16;
  const idx = ints(r, n, V);
  const offsets = randomOffsets(r, n, B);
  if (form === "last") offsets.push(n);
  const bags: Bag[] = form === "2d" ? bagsOf2d(B, 3) : bagsFromOffsets(offsets, n, form === "last");
  const psw = weighted ? Float64Array.from(uniforms(r, n, -2, 2), Math.fround) : null;
  const p: BagProblem = { w, V, D, idx, bags, mode, psw, pad: padded ? idx[1] : null };
  const g = Float64Array.from(uniforms(r, B * D), Math.fround);
  const ids = form === "2d"
    ? tensor(Int32Array.from(idx), { shape: [B, 3] })
    : Int32Array.from(idx);
  const options: EmbeddingBagGradOptions & { sparse?: false } = { mode, paddingIdx: p.pad };
  if (form !== "2d") Object.assign(options, { offsets, includeLastOffset: form === "last" });
  if (psw) {
    options.perSampleWeights = tensor(Float32Array.from(psw), {
      shape: form === "2d" ? [B, 3] : [n],
    });
  }
  return { p, g, ids, options };
}

const CONFIGS: [Mode, boolean][] = [["sum", false], ["sum", true], ["mean", false], ["max", false]];
for (const [mode, weighted] of CONFIGS) {
  for (const form of ["offsets", "last", "2d"] as const) {
    const name = `${mode}${weighted ? " (weighted)" : ""} with ${form}`;
    Deno.test(`embeddingBagGrad() ${name} equals finite differences on random cases`, () => {
      let empties = 0, dups = 0;
      for (let seed = 0; seed < 6; seed++) {
        const { p, g, ids, options } = randomProblem(
          1000 * seed + form.length + (weighted ? 7 : 0),
          mode,
          form,
          seed % 2 === 1,
          weighted,
        );
        empties += p.bags.filter(([s, e]) => s === e).length;
        dups += p.bags.filter(([s, e]) => new Set(p.idx.slice(s, e)).size < e - s).length;
        const table = tensor(Float32Array.from(p.w), { shape: [p.V, p.D] });
        // The public float32 forward agrees with the float64 reference the differences are taken of.
        const out = embeddingBagForward(table, ids, options as never).dataSync();
        assertAllClose(out, refBagForward(p), {
          rtol: 1e-5,
          atol: 1e-6,
          msg: `forward, seed ${seed}`,
        });
        const got = embeddingBagGrad(
          tensor(Float32Array.from(g), { shape: [p.bags.length, p.D] }),
          table,
          ids,
          options,
        );
        const lossW = (w: Float64Array) => dot(g, refBagForward({ ...p, w }));
        assertAllClose(got.weight.dataSync(), finiteDiff(lossW, p.w, 1e-3), {
          rtol: 1e-5,
          atol: 1e-5,
          msg: `weight, seed ${seed}`,
        });
        if (p.psw) {
          const lossPsw = (psw: Float64Array) => dot(g, refBagForward({ ...p, psw }));
          assertAllClose(got.perSampleWeights!.dataSync(), finiteDiff(lossPsw, p.psw, 1e-3), {
            rtol: 1e-5,
            atol: 1e-5,
            msg: `psw, seed ${seed}`,
          });
        } else {
          assert.equal(got.perSampleWeights, undefined);
        }
      }
      if (form !== "2d") assert.ok(empties > 0, "some bags are empty");
      assert.ok(dups > 0, "some bags repeat a row");
    });
  }
}

/** Distinct multiples of 1/8, so that float32 sums and finite differences with eps 1/32 are exact. */
function dyadicPermutation(r: () => number, n: number): Float32Array {
  const v = Float32Array.from({ length: n }, (_, i) => (i - n / 2) / 8);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [v[i], v[j]] = [v[j], v[i]];
  }
  return v;
}

for (const mode of ["sum", "mean", "max"] as const) {
  Deno.test(`embeddingBagGrad() ${mode} equals finite differences of the public forward`, () => {
    const r = rng(31);
    const V = 6, D = 3, ids = [5, 1, 5, 0, 2, 2, 3, 1];
    const offsets = [0, 3, 3, 6];
    const w0 = dyadicPermutation(r, V * D), g = dyadicPermutation(r, 4 * D);
    const psw = mode === "sum" ? Float32Array.from([1, -0.5, 2, 0.25, 1.5, -1, 3, 0.75]) : null;
    const options = { mode, offsets, perSampleWeights: psw };
    const loss = (w: Float64Array, s: Float32Array | null = psw) =>
      dot(
        g,
        embeddingBagForward(tensor(Float32Array.from(w), { shape: [V, D] }), ids, {
          ...options,
          perSampleWeights: s,
        }).dataSync(),
      );
    const got = embeddingBagGrad(
      tensor(g, { shape: [4, D] }),
      tensor(w0, { shape: [V, D] }),
      ids,
      options,
    );
    const exact = mode === "mean" ? { rtol: 1e-6, atol: 1e-6 } : { rtol: 0, atol: 0 };
    assertAllClose(got.weight.dataSync(), finiteDiff((w) => loss(w), w0, 1 / 32), exact);
    if (psw) {
      const fd = finiteDiff((s) => loss(Float64Array.from(w0), Float32Array.from(s)), psw, 1 / 32);
      assertAllClose(got.perSampleWeights!.dataSync(), fd, exact);
    }
  });
}

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
