/**
 * The PyTorch-style autograd state of tensors: which tensors require
 * gradients (by the graph nodes that hold their values), and the hook that
 * `Tensor.backward()` calls (installed by `src/transforms/backward.ts`, so
 * the tensor layer does not import the transforms).
 *
 * @module
 */

import type { Node } from "../graph/node.ts";
import type { Tensor } from "./tensor.ts";

/** Tensors requiring gradients, by every node that has held their value. */
const owners = new WeakMap<Node, Tensor>();

/** Marks `node` as holding the value of `t`, a tensor that requires gradients. */
export function own(node: Node, t: Tensor): void {
  node.tape = true;
  owners.set(node, t);
}

/**
 * Undoes `own` for the node holding the current value of `t` (its
 * `requiresGrad` was set to false): later results no longer reach it, and
 * `backward()` no longer accumulates into `t` through it.
 */
export function disown(node: Node, t: Tensor): void {
  if (owners.get(node) !== t) return;
  owners.delete(node);
  if (node.inputs.length === 0) node.tape = false;
}

/** The tensor requiring gradients whose value `node` holds, if any. */
export function ownerOf(node: Node): Tensor | undefined {
  return owners.get(node);
}

/** What `Tensor.backward()` runs. */
export const hooks: { backward?: (t: Tensor) => Promise<void> } = {};
