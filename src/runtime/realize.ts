/**
 * `realize()`: compute several lazy results in one plan.
 *
 * @module
 */

import { tensorInternals } from "../tensor/tensor.ts";
import { realizeNodes } from "./realize_nodes.ts";
import { flattenTree, type TensorTree } from "./_tree.ts";

/**
 * Computes lazy tensors (and row-sparse gradients, or arrays and objects of
 * them) together, so shared work runs once and fusion spans all of them.
 *
 * @example
 * ```ts
 * import { embeddingBagForward, embeddingForward, realize, tensor } from "@tessera/embed";
 * const w = tensor([[0, 1], [2, 3], [4, 5]]);
 * const a = embeddingForward(w, [0, 2]);
 * const b = embeddingBagForward(w, [[0, 2]], { mode: "sum" });
 * await realize(a, b);
 * console.log(a.realized && b.realized); // true
 * ```
 *
 * @param values What to compute.
 * @returns When everything is computed.
 * @throws {TypeError} For values that are not tensors or trees of them.
 */
export async function realize(...values: TensorTree[]): Promise<void> {
  const { leaves } = flattenTree(values, "realize()");
  await realizeNodes(leaves.map((t) => tensorInternals().nodeOf(t)), "realize()");
}
