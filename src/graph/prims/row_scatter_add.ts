/**
 * `row_scatter_add`: in place, `W[idx[j]] += alpha * rows[j]` for every
 * non-padding position `j`, rows repeated or not (inputs `[W, rows, idx]`,
 * writes `W`): PyTorch's `param.add_(grad, alpha)` with an uncoalesced
 * row-sparse gradient, an SGD step without momentum. It runs the dense
 * gradient kernel `scatter_rows` in its update mode (owner-computes over
 * table rows, each owner applying its positions in input order), so a bag
 * backward fuses into it (pattern "bag backward into gradient kernels") and
 * the `[N, D]` per-lookup rows never exist. Not differentiated.
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";
import { attrsExcept } from "./_structure.ts";
import { lowerGrad } from "./_grad_lower.ts";

/** The row_scatter_add primitive. */
export const rowScatterAddPrim: Primitive<"row_scatter_add"> = {
  name: "row_scatter_add",
  dtype: () => "float32",
  shape: ([w]) => [...w],
  vjp: null,
  structure: attrsExcept<"row_scatter_add">("alpha"),
  lower: lowerGrad,
};
