/**
 * Joining row-sparse gradients: parts reaching one table (read sparsely
 * more than once) and `.grad` accumulation both concatenate entries,
 * uncoalesced, as PyTorch sums sparse gradients.
 *
 * @module
 */

import { RowSparseGrad, rowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { tensorInternals } from "../tensor/tensor.ts";
import { makeNode } from "../graph/node.ts";
import type { SparsePart } from "./_reverse.ts";

/** One gradient holding every gradient's entries, in order. */
export function joinSparse(grads: readonly RowSparseGrad[]): RowSparseGrad {
  const t = tensorInternals();
  const cat = (nodes: ReturnType<typeof t.nodeOf>[]) =>
    nodes.length === 1 ? nodes[0] : makeNode("concat", nodes, { axis: 0 });
  const indices = t.fromNode(cat(grads.map((g) => t.nodeOf(g.indices))));
  const values = t.fromNode(cat(grads.map((g) => t.nodeOf(g.values))));
  return RowSparseGrad.fromParts(indices, values, grads[0].numEmbeddings, false);
}

/** One `RowSparseGrad` holding every part's entries, in order. */
export function concatSparse(parts: readonly SparsePart[]): RowSparseGrad {
  return joinSparse(
    parts.map((p) => rowSparseGrad(p.src, p.idx, p.numEmbeddings, { ...p, coalesced: false })),
  );
}
