/**
 * `embeddingBagForward()` after its options are parsed: modules, whose
 * options were checked when they were built, call it directly.
 *
 * @module
 */

import { type Tensor, tensorInternals } from "../tensor/tensor.ts";
import { type IndicesLike, nodeOf } from "./_inputs.ts";
import { checkNorms, type ParsedBagOptions } from "./_options.ts";
import { bagForwardNodes, bagInputs } from "./_bag_inputs.ts";
import { tableAfterMaxNorm } from "./_max_norm.ts";

/** The lazy `[B, D]` bags of parsed options (`who` names the public function). */
export function bagForward(
  weight: Tensor<"float32">,
  indices: IndicesLike,
  o: ParsedBagOptions,
  who: string,
): Tensor<"float32"> {
  const normType = o.normType ?? 2;
  checkNorms(o.maxNorm, normType, who);
  const bag = bagInputs(weight, indices, o, who);
  const idxNode = nodeOf(bag.idx);
  const table = tableAfterMaxNorm(bag.weight, idxNode, o.maxNorm, normType);
  const { forward } = bagForwardNodes(bag, table, o.scaleGradByFreq ?? false, o.sparse ?? false);
  return tensorInternals().fromNode<"float32">(forward);
}
