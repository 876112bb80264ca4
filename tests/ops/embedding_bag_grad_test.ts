/**
 * Tests of `embeddingBagGrad` (docs/semantics.md: Gradients): finite differences of the weight and
 * per-sample-weight gradients, of the float64 reference on random cases and of the public forward.
 */

import assert from "node:assert/strict";
import { embeddingBagForward, embeddingBagGrad, tensor } from "../../mod.ts";
import { assertAllClose, rng } from "../_helpers.ts";
import { dot, finiteDiff, refBagForward } from "../_reference.ts";
import { type Mode, randomProblem } from "./_embedding_bag_grad.ts";

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
