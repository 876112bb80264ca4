/** Shared by the `embeddingForward` tests. */

import { type Tensor, tensor } from "../../mod.ts";
import { rng } from "../_helpers.ts";
import { uniforms } from "../_reference.ts";

/** A `[V, D]` random table and its values. */
export function randomTable(
  seed: number,
  V: number,
  D: number,
  scale = 1,
): [Tensor<"float32">, Float32Array] {
  const values = Float32Array.from(uniforms(rng(seed), V * D, -scale, scale));
  return [tensor(values, { shape: [V, D] }), values];
}
