/**
 * `bag_backward`: the gradient of a bag with respect to its `[N, D]` rows.
 * Inputs `[G, idx, offsets]`, plus per-sample weights (weighted sum) or the
 * bag's argmax (max). Usually fused into the table gradient that reads it
 * (the `[N, D]` rows then never exist); alone, it runs the uncoalesced
 * values kernel over every position.
 *
 * @module
 */

import { sizeOf } from "../node.ts";
import type { Primitive } from "../primitive.ts";
import { last } from "../../schedule/_lowering.ts";
import { lowerGrad } from "./_grad_lower.ts";

/** The bag_backward primitive. */
export const bagBackwardPrim: Primitive<"bag_backward"> = {
  name: "bag_backward",
  dtype: () => "float32",
  shape: ([g, idx]) => [sizeOf(idx), last(g)],
  vjp: null,
  lower: lowerGrad,
};
