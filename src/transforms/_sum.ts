/**
 * Summing cotangents that reach one node along several paths.
 *
 * @module
 */

import type { Node } from "../graph/node.ts";
import { ew } from "../graph/_build.ts";

/** `a + b` as an elementwise node (fused with whatever reads it). */
export function addNodes(a: Node, b: Node): Node {
  return ew("add x0 x1", a, b);
}
