/**
 * `scatter_add`: rows (or an inlined bag backward) scatter-added into a
 * dense `[V, D]` table, the gradient of `gather`. Inputs `[rows, idx]`.
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";
import { last } from "../../schedule/_lowering.ts";
import { lowerGrad } from "./_grad_lower.ts";

/** The scatter_add primitive. */
export const scatterAddPrim: Primitive<"scatter_add"> = {
  name: "scatter_add",
  dtype: () => "float32",
  shape: ([rows], attrs) => [attrs.numEmbeddings, last(rows)],
  vjp: null,
  lower: lowerGrad,
};
