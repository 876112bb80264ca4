/** Shared by the `embeddingBagGrad` tests: random bag problems with their float64 reference. */

import { type EmbeddingBagGradOptions, tensor } from "../../mod.ts";
import { rng } from "../_helpers.ts";
import {
  type Bag,
  type BagProblem,
  bagsFromOffsets,
  bagsOf2d,
  ints,
  randomOffsets,
  uniforms,
} from "../_reference.ts";

export type Mode = "sum" | "mean" | "max";

/** A random bag problem; max cases get distinct table values so no tie is within reach of eps. */
export function randomProblem(
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
