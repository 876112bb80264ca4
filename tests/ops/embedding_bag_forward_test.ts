/** Tests of `embeddingBagForward`: the three modes against a naive reduction in every input form, and max mode's NaN and tie rules. */

import assert from "node:assert/strict";
import { embeddingBagForward, type EmbeddingBagOptions, tensor } from "../../mod.ts";
import { assertAllClose, assertBitwise, rng } from "../_helpers.ts";
import {
  type Bag,
  bagsFromOffsets,
  bagsOf2d,
  ints,
  randomOffsets,
  refBagForward,
  uniforms,
} from "../_reference.ts";
import { SUMS } from "./_embedding_bag_forward.ts";

/** A random bag problem in one of the three input forms. */
function randomCase(
  seed: number,
  mode: "sum" | "mean" | "max",
  form: "offsets" | "last" | "2d",
  padded: boolean,
  weighted: boolean,
) {
  const r = rng(seed);
  const V = 9, D = 5, B = 6;
  const w = Float32Array.from(uniforms(r, V * D));
  const n = form === "2d" ? B * 4 : 20;
  const idx = ints(r, n, V);
  const psw = weighted ? Float32Array.from(uniforms(r, n, -2, 2)) : null;
  const pad = padded ? idx[3] : null;
  let bags: Bag[],
    ids: unknown,
    options: EmbeddingBagOptions = { mode, paddingIdx: pad, perSampleWeights: psw };
  if (form === "2d") {
    bags = bagsOf2d(B, 4);
    ids = tensor(Int32Array.from(idx), { shape: [B, 4] });
    if (psw) options.perSampleWeights = tensor(psw, { shape: [B, 4] });
  } else {
    const offsets = randomOffsets(r, n, B);
    if (form === "last") offsets.push(n);
    bags = bagsFromOffsets(offsets, n, form === "last");
    ids = Int32Array.from(idx);
    options = { ...options, offsets, includeLastOffset: form === "last" };
  }
  return { w, V, D, idx, bags, ids, options, psw, pad };
}

for (const mode of ["sum", "mean", "max"] as const) {
  for (const form of ["offsets", "last", "2d"] as const) {
    Deno.test(`embeddingBagForward() mode ${mode} with ${form} matches a naive reduction`, () => {
      for (let seed = 0; seed < 8; seed++) {
        const padded = seed % 2 === 1, weighted = mode === "sum" && seed % 4 >= 2;
        const c = randomCase(100 * seed + form.length, mode, form, padded, weighted);
        const table = tensor(c.w, { shape: [c.V, c.D] });
        const out = embeddingBagForward(table, c.ids as Int32Array, c.options);
        assert.deepEqual(out.shape, [c.bags.length, c.D]);
        const want = refBagForward({ ...c, mode });
        if (mode === "max") assertBitwise(out.dataSync(), want, `seed ${seed}`);
        else assertAllClose(out.dataSync(), want, { ...SUMS, msg: `seed ${seed}` });
        assertBitwise(table.dataSync(), c.w, "the table is only read");
      }
    });
  }
}

Deno.test("embeddingBagForward() in max mode keeps a NaN only when it is the bag's first entry", () => {
  const w = tensor([[NaN, 1], [2, NaN], [3, 3]]);
  const out = embeddingBagForward(w, [[0, 2], [2, 0], [1, 2], [2, 1]], { mode: "max" });
  assertBitwise(
    out.dataSync(),
    refBagForward({
      w: w.dataSync(),
      V: 3,
      D: 2,
      idx: [0, 2, 2, 0, 1, 2, 2, 1],
      bags: bagsOf2d(4, 2),
      mode: "max",
    }),
  );
  assertBitwise(out.dataSync(), [NaN, 3, 3, 3, 3, NaN, 3, 3]);
});

Deno.test("embeddingBagForward() in max mode breaks ties, -0 against 0 included, towards the first entry", () => {
  const w = tensor([[0, -0], [-0, 0], [5, 5]]);
  const out = Array.from(
    embeddingBagForward(w, [[0, 1], [1, 0], [2, 2]], { mode: "max" }).dataSync(),
  );
  const signs = out.map((x) => (Object.is(x, -0) ? "-0" : String(x)));
  assert.deepEqual(signs, ["0", "-0", "-0", "0", "5", "5"]);
});
