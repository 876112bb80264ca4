/**
 * Max-norm as a graph node: an in-place `renorm` of the table, ordered after
 * every pending reader of the table's previous value, which becomes the
 * table's new value (so later reads see the renormalised rows).
 */

import { makeNode, type Node } from "../graph/node.ts";
import { type Tensor, tensorInternals } from "../tensor/tensor.ts";
import { recordEffect } from "../graph/trace.ts";
import { pendingReaders } from "../graph/effects.ts";

/** Returns the node to read the table from: a renorm node if `maxNorm` is set. */
export function tableAfterMaxNorm(
  weight: Tensor<"float32">,
  idx: Node,
  maxNorm: number | null | undefined,
  normType: number,
): Node {
  const t = tensorInternals();
  const current = t.nodeOf(weight);
  if (maxNorm === null || maxNorm === undefined) return current;
  const renorm = makeNode("renorm", [current, idx], { maxNorm, normType }, {
    after: pendingReaders(current),
    aliases: 0,
  });
  t.replaceNode(weight, renorm);
  recordEffect(renorm);
  return renorm;
}
