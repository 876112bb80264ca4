/**
 * Behaviour of each primitive as rule tables: how its shape follows from its
 * inputs (used again when `jit` replays a plan on new inputs), and how it is
 * differentiated. `Record<OpKind, Rule>` makes a missing rule a compile error.
 *
 * @module
 */

import { type Attrs, type Facts, makeNode, type Node, type OpKind, sizeOf } from "./node.ts";

/** Shapes of a node's inputs, its attrs and its facts give its output shape. */
export type ShapeRule = (
  inputs: readonly (readonly number[])[],
  attrs: Attrs,
  facts: Facts,
) => number[];

/**
 * Given a node and the cotangent of its output, the cotangent of each input
 * (`null` where the input is not differentiable, e.g. indices). `null` as a
 * whole marks an op that is not differentiable.
 */
export type VjpRule = ((node: Node, cotangent: Node) => (Node | null)[]) | null;

/** Everything the graph knows about a primitive. */
export interface Rule {
  readonly shape: ShapeRule;
  readonly vjp: VjpRule;
}

const last = (s: readonly number[]) => s[s.length - 1];

/** Number of bags of a bag node: offsets hold `B` or `B + 1` entries. */
function bags(attrs: Attrs, offsets: readonly number[]): number {
  return offsets[0] - (attrs.includeLastOffset ? 1 : 0);
}

/** The dense gradient of a gather: `scatter_add` of the row cotangents. */
export function scatterAdd(rows: Node, idx: Node, attrs: Attrs): Node {
  return makeNode({
    op: "scatter_add",
    inputs: [rows, idx],
    shape: [attrs.numEmbeddings as number, last(rows.shape)],
    dtype: "float32",
    attrs,
  });
}

/** The gradient of a bag with respect to its `[N, D]` rows. */
export function bagBackward(bag: Node, cotangent: Node, argmax: Node | null): Node {
  const [, idx, offsets, psw] = bag.inputs;
  const inputs = argmax
    ? [cotangent, idx, offsets, argmax]
    : psw
    ? [cotangent, idx, offsets, psw]
    : [cotangent, idx, offsets];
  return makeNode({
    op: "bag_backward",
    inputs,
    shape: [sizeOf(idx.shape), last(cotangent.shape)],
    dtype: "float32",
    attrs: bag.attrs,
  });
}

/** The per-position winners of a max bag. */
export function bagArgmax(bag: Node): Node {
  const [rows, idx, offsets] = bag.inputs;
  return makeNode({
    op: "bag_argmax",
    inputs: [rows, idx, offsets],
    shape: bag.shape,
    dtype: "int32",
    attrs: { paddingIdx: bag.attrs.paddingIdx, includeLastOffset: bag.attrs.includeLastOffset },
  });
}

/** The gradient of a weighted sum bag with respect to its per-sample weights. */
export function pswGrad(bag: Node, cotangent: Node): Node {
  const [rows, idx, offsets] = bag.inputs;
  return makeNode({
    op: "psw_grad",
    inputs: [cotangent, rows, idx, offsets],
    shape: idx.shape,
    dtype: "float32",
    attrs: { paddingIdx: bag.attrs.paddingIdx, includeLastOffset: bag.attrs.includeLastOffset },
  });
}

/** The rule table. */
export const RULES: Record<OpKind, Rule> = {
  buffer: { shape: () => [], vjp: null },
  gather: {
    shape: ([w, idx]) => [...idx, last(w)],
    // Rows of the cotangent scatter-add back into the table; indices get none.
    vjp: (node, ct) => [
      scatterAdd(ct, node.inputs[1], {
        numEmbeddings: node.inputs[0].shape[0],
        paddingIdx: node.attrs.paddingIdx ?? null,
        scaleGradByFreq: node.attrs.scaleGradByFreq ?? false,
      }),
      null,
    ],
  },
  // The renormalisation is not differentiated: the gradient passes through.
  renorm: { shape: ([w]) => [...w], vjp: (_node, ct) => [ct, null] },
  bag: {
    shape: ([rows, , offsets], attrs) => [bags(attrs, offsets), last(rows)],
    vjp: (node, ct) => {
      const max = node.attrs.mode === "max";
      const rows = bagBackward(node, ct, max ? bagArgmax(node) : null);
      const psw = node.inputs.length > 3 ? pswGrad(node, ct) : null;
      return [rows, null, null, psw];
    },
  },
  bag_argmax: {
    shape: ([rows, , offsets], attrs) => [bags(attrs, offsets), last(rows)],
    vjp: null,
  },
  bag_backward: { shape: ([g, idx]) => [sizeOf(idx), last(g)], vjp: null },
  psw_grad: { shape: ([, , idx]) => [...idx], vjp: null },
  scatter_add: {
    shape: ([rows], attrs) => [attrs.numEmbeddings as number, last(rows)],
    vjp: null,
  },
  sparse_values: { shape: ([rows], _attrs, facts) => [facts.nnz, last(rows)], vjp: null },
  sparse_indices: { shape: (_inputs, _attrs, facts) => [facts.nnz], vjp: null },
};
