/**
 * `jit`'s results when they hold the row-sparse gradient of a table read by
 * `embeddingBagForward(..., { sparse: true })`: as `backward()` does, a call
 * computes the bag's gradient (`[B, D]`) and the indices, and leaves the
 * gradient's `[n, D]` per-lookup values and its indices lazy, computed only
 * if read. The gradient keeps its recipe, so an SGD step or `toDense()`
 * reads the bag's gradient directly (one pass over the lookups). Everything
 * else is returned as computed.
 *
 * @module
 */

import { makeNode, type Node } from "../graph/node.ts";
import type { AttrsOf } from "../graph/primitive.ts";
import { deferReads, isComputed } from "../graph/effects.ts";
import { ownerOf } from "../tensor/_autograd.ts";
import { type Tensor, tensorInternals } from "../tensor/tensor.ts";
import { RowSparseGrad, rowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { type Flat, type TreeDef, unflattenTree } from "./_tree.ts";

/** A row-sparse result left lazy: where its parts are, and how to rebuild it (plain data). */
export interface LazyRows {
  /** Leaf position of its indices in the result tree (its values follow). */
  readonly at: number;
  /** Position of its bag backward's first input among the computed leaves (the indices follow). */
  readonly from: number;
  readonly bag: AttrsOf["bag_backward"];
  /** Inputs of the bag backward. */
  readonly arity: number;
  readonly numEmbeddings: number;
  readonly paddingIdx: number | null;
  readonly scaleGradByFreq: boolean;
  readonly coalesced: boolean;
}

const pending = (n: Node) => n.storage === undefined && !isComputed(n);

/** Leaf positions of the row-sparse results of a tree (each the position of its indices). */
function sparseAt(def: TreeDef): number[] {
  const found: number[] = [];
  let at = 0;
  const walk = (d: TreeDef): void => {
    if (d.kind === "tensor") at++;
    else if (d.kind === "sparse") {
      found.push(at);
      at += 2;
    } else if (d.kind === "array" || d.kind === "object") d.items.forEach(walk);
  };
  walk(def);
  return found;
}

/**
 * What a call computes for a traced result: its leaves, with the two parts
 * of each row-sparse gradient built from a bag's backward replaced by that
 * backward's inputs and the indices it reads.
 */
export function lazyResults(flat: Flat): { computed: Tensor[]; lazy: LazyRows[] } {
  const t = tensorInternals();
  const computed: Tensor[] = [], lazy: LazyRows[] = [];
  let next = 0;
  for (const at of sparseAt(flat.def)) {
    const indices = t.nodeOf(flat.leaves[at]), values = t.nodeOf(flat.leaves[at + 1]);
    if (values.op !== "sparse_values" || indices.op !== "sparse_indices") continue;
    const [src, idx] = values.inputs;
    if (src.op !== "bag_backward" || indices.inputs[0] !== idx) continue;
    if (!pending(values) || !pending(indices) || !pending(src)) continue;
    computed.push(...flat.leaves.slice(next, at));
    const v = values.attrs as AttrsOf["sparse_values"];
    lazy.push({
      at,
      from: computed.length,
      bag: src.attrs as AttrsOf["bag_backward"],
      arity: src.inputs.length,
      numEmbeddings: v.numEmbeddings,
      paddingIdx: v.paddingIdx,
      scaleGradByFreq: v.scaleGradByFreq,
      coalesced: v.coalesced,
    });
    computed.push(...[...src.inputs, idx].map((n) => t.fromNode(n)));
    next = at + 2;
  }
  computed.push(...flat.leaves.slice(next));
  return { computed, lazy };
}

/** Whether computed leaf `k` is a part of a lazy result (never handed out itself). */
export function isPart(lazy: readonly LazyRows[], k: number): boolean {
  return lazy.some((r) => k >= r.from && k <= r.from + r.arity);
}

/**
 * Rebuilds a call's result tree from its computed leaves: `leaf(k)` is the
 * tensor of computed leaf `k`, `node(k)` the node a lazy result reads for a
 * part (the argument's own node for a part that is an argument, so in-place
 * writes to it wait for the lazy reads); `own` holds the parts the call
 * computed, which only the lazy results read.
 */
export function buildResults(
  def: TreeDef,
  lazy: readonly LazyRows[],
  count: number,
  leaf: (k: number) => Tensor,
  node: (k: number) => Node,
  own: (k: number) => boolean,
): unknown {
  const leaves: Tensor[] = [], built = new Map<Tensor, RowSparseGrad>();
  let k = 0;
  for (const r of lazy) {
    for (; k < r.from; k++) leaves.push(leaf(k));
    const parts = Array.from({ length: r.arity + 1 }, (_, i) => node(r.from + i));
    const src = makeNode("bag_backward", parts.slice(0, r.arity), r.bag);
    const g = rowSparseGrad(src, parts[r.arity], r.numEmbeddings, r);
    leaves.push(g.indices, g.values);
    built.set(g.values, g);
    // As `backward()` does: no reader list of a long-lived input (ids, offsets) keeps the lazy
    // parts alive, unless they read a float32 value that could be written in place first.
    const writable = parts.some((n, i) =>
      !own(r.from + i) && n.dtype === "float32" && (n.op === "buffer" || ownerOf(n) !== undefined)
    );
    if (!writable) {
      deferReads([src, tensorInternals().nodeOf(g.values), tensorInternals().nodeOf(g.indices)]);
    }
    k = r.from + r.arity + 1;
  }
  for (; k < count; k++) leaves.push(leaf(k));
  return unflattenTree(
    def,
    leaves,
    (indices, values, V, coalesced) =>
      built.get(values) ?? RowSparseGrad.fromParts(indices, values, V, coalesced),
  );
}
