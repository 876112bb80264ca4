/**
 * `sparse_values`: the values of a row-sparse gradient, one row per
 * non-padding position (uncoalesced) or per distinct row (coalesced, from
 * `row_csr`). Inputs `[rows, idx]`; the row count is the fact `nnz`.
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";
import { last } from "../../schedule/_lowering.ts";
import { lowerGrad } from "./_grad_lower.ts";

/** The sparse_values primitive. */
export const sparseValuesPrim: Primitive<"sparse_values"> = {
  name: "sparse_values",
  dtype: () => "float32",
  shape: ([rows], _attrs, facts) => [facts.nnz, last(rows)],
  vjp: null,
  lower: lowerGrad,
};
