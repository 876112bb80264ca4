/**
 * A dense table gradient seen as the rows it sums (internal). The dense
 * gradient of a lookup is `scatter_add(rows, idx)`, a `[V, D]` table that is
 * zero outside the looked-up rows. `backward()` computes only what it is made
 * from (the bag's gradient and the indices) and leaves the table lazy; a plain
 * SGD step then adds the summed rows into the parameter, touching only those
 * rows, with the same float32 sums and updates as the dense kernels (rows
 * summed from zero in input order, then `W + alpha · sum`; an untouched row
 * would add `alpha · 0` and stay as it is). Read `.grad` and the table is
 * computed then.
 *
 * @module
 */

import type { Node } from "../graph/node.ts";
import type { AttrsOf } from "../graph/primitive.ts";
import { type Tensor, tensorInternals } from "../tensor/tensor.ts";
import { type RowSparseGrad, rowSparseGrad } from "./row_sparse_grad.ts";

/** The `scatter_add` node of a lazy dense lookup gradient whose indices are computed. */
function lazyScatter(g: Tensor<"float32">): Node | undefined {
  const node = tensorInternals().nodeOf(g);
  if (node.op !== "scatter_add" || node.storage !== undefined) return undefined;
  // Coalescing counts the distinct rows on the host: the indices must be computed.
  return node.inputs[1].storage === undefined ? undefined : node;
}

/** A lazy dense lookup gradient as the row-sparse gradient it sums (uncoalesced). */
export function rowsOfDenseGrad(g: Tensor<"float32">): RowSparseGrad | undefined {
  const node = lazyScatter(g);
  if (node === undefined) return undefined;
  const { numEmbeddings, paddingIdx, scaleGradByFreq } = node.attrs as AttrsOf["scatter_add"];
  const [src, idx] = node.inputs;
  return rowSparseGrad(src, idx, numEmbeddings, { paddingIdx, scaleGradByFreq, coalesced: false });
}

/**
 * What `backward()` computes for gradient `g`: for a lazy dense lookup
 * gradient, the inputs of the bag backward its rows come from (or the rows)
 * and the indices; otherwise `g` itself.
 */
export function gradTargets(g: Tensor<"float32">): Node[] {
  const node = lazyScatter(g);
  if (node === undefined) return [tensorInternals().nodeOf(g)];
  const [src, idx] = node.inputs;
  return [...(src.op === "bag_backward" ? src.inputs : [src]), idx];
}
