/**
 * From the reverse walk to gradients shaped like the arguments: the shared
 * core of `grad`, `valueAndGrad` and `vjp`.
 *
 * @module
 */

import { Tensor, tensorInternals } from "../tensor/tensor.ts";
import { zeros } from "../tensor/creation.ts";
import type { RowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { flattenTree, type TreeDef } from "../runtime/_tree.ts";
import { storageOf } from "../graph/_dispose.ts";
import type { Node } from "../graph/node.ts";
import { type Cotangent, reverse } from "./_reverse.ts";
import { gradValue } from "./backward.ts";

/** The gradient of a value of type `T`: tensors become float32 tensors or row-sparse gradients. */
export type GradOf<T> = T extends Tensor ? Tensor<"float32"> | RowSparseGrad
  : T extends readonly unknown[] ? { -readonly [K in keyof T]: GradOf<T[K]> }
  : T extends Record<string, unknown> ? { -readonly [K in keyof T]: GradOf<T[K]> }
  : T;

/** The leaves of one argument tree, checked: live float32 tensors. */
export function argLeaves(
  arg: unknown,
  who: string,
  position: number,
): { nodes: Node[]; def: TreeDef } {
  const { leaves, def } = flattenTree(arg, who);
  const nodes = leaves.map((t, i) => {
    const at = `argument ${position}${leaves.length > 1 ? ` (tensor ${i})` : ""}`;
    if (t.dtype !== "float32") {
      throw new TypeError(`${who}: ${at} is an ${t.dtype} tensor but gradients need float32`);
    }
    const node = tensorInternals().nodeOf(t);
    if (storageOf(node)?.freed) throw new TypeError(`${who}: ${at} is a disposed tensor`);
    return node;
  });
  return { nodes, def };
}

/** A leaf's gradient from what reached it. */
function gradOf(c: Cotangent | undefined, leaf: Node): Tensor<"float32"> | RowSparseGrad {
  if (c === undefined) return zeros(leaf.shape);
  return gradValue(c);
}

/**
 * Gradients of `root` (its cotangent `ct`) with respect to the leaves of
 * each argument tree, shaped like those trees.
 */
export function gradsFor(
  root: Node,
  ct: Node,
  args: readonly { nodes: Node[]; def: TreeDef }[],
  who: string,
): unknown[] {
  const all = args.flatMap((a) => a.nodes);
  const cts = reverse(root, ct, all, who);
  let at = 0;
  return args.map((a) => {
    return unflattenGrads(a.def, a.nodes.map((n) => gradOf(cts[at++], n)));
  });
}

/** Puts gradients (tensors or row-sparse) in the places of an argument's tensors. */
function unflattenGrads(def: TreeDef, grads: readonly (Tensor | RowSparseGrad)[]): unknown {
  let at = 0;
  const build = (d: TreeDef): unknown => {
    switch (d.kind) {
      case "tensor":
        return grads[at++];
      case "undefined":
        return undefined;
      case "sparse":
        throw new Error("internal: argument leaves are checked to be float32 tensors");
      case "array":
        return d.items.map(build);
      case "object":
        return Object.fromEntries(d.keys.map((k, i) => [k, build(d.items[i])]));
    }
  };
  return build(def);
}
