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
import { type Recipe, recipeSources, scatterRecipe } from "./row_sparse_grad.ts";

/** The rows a lazy dense lookup gradient (`scatter_add`) sums, or undefined for any other value. */
function lookupRecipe(g: Tensor<"float32">): Recipe | undefined {
  const node = tensorInternals().nodeOf(g);
  if (node.op !== "scatter_add" || node.storage !== undefined) return undefined;
  const { paddingIdx, scaleGradByFreq } = node.attrs as AttrsOf["scatter_add"];
  return { src: node.inputs[0], idx: node.inputs[1], paddingIdx, scaleGradByFreq };
}

/**
 * `W += alpha * g` in place for a lazy dense lookup gradient `g`, ordered
 * after `after()`: each looked-up row's terms summed, then added once.
 * Undefined if `g` is not one.
 */
export function lookupRowsInto(
  g: Tensor<"float32">,
  W: Node,
  alpha: number,
  after: () => readonly Node[],
): Node | undefined {
  const r = lookupRecipe(g);
  return r === undefined ? undefined : scatterRecipe(r, W, alpha, after(), true);
}

/**
 * What `backward()` computes for gradient `g`: for a lazy dense lookup
 * gradient, the inputs of the bag backward its rows come from (or the rows)
 * and the indices; otherwise `g` itself.
 */
export function gradTargets(g: Tensor<"float32">): Node[] {
  const r = lookupRecipe(g);
  return r === undefined ? [tensorInternals().nodeOf(g)] : recipeSources(r);
}
