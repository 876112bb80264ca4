/**
 * Row-sparse parts reaching one table (it was read sparsely more than once):
 * concatenated, uncoalesced, as PyTorch sums sparse gradients.
 *
 * @module
 */

import type { RowSparseGrad } from "../sparse/row_sparse_grad.ts";
import type { SparsePart } from "./_reverse.ts";

/** One `RowSparseGrad` holding every part's entries, in order. */
export function concatSparse(parts: readonly SparsePart[]): RowSparseGrad {
  throw new Error(`internal: concatenating ${parts.length} sparse parts needs the concat kernel`);
}
