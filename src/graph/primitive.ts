/**
 * The typed primitive registry's types. A primitive is a name (`OpKind`)
 * with one descriptor (see `prims/`): the type of its attrs, its output
 * dtype and shape rules, its vjp rule and its lowering to kernel steps.
 * `PRIMITIVES` is a mapped type over `OpKind`, so a primitive with a missing
 * or mismatched piece does not compile, and a node's attrs are typed by its
 * op wherever the op is known.
 *
 * @module
 */

import type { DType, Facts, Node } from "./node.ts";
import type { Lowering } from "../schedule/_lowering.ts";

/** Padding of a lookup or bag: a row index, or `null` for none. */
type Pad = number | null;

/** The attrs of each primitive (plain, JSON-printable data). */
export type AttrsOf = {
  /** A realized buffer (a leaf). */
  buffer: Record<never, never>;
  /** Rows of a table picked by indices: `out[..., :] = W[idx[...], :]`. */
  gather: { paddingIdx: Pad; scaleGradByFreq: boolean; sparse: boolean };
  /** In-place max-norm renormalisation of the rows referenced by indices. */
  renorm: { maxNorm: number; normType: number };
  /** Reduction of gathered rows into bags (sum, mean or max). */
  bag: { mode: "sum" | "mean" | "max"; paddingIdx: Pad; includeLastOffset: boolean };
  /** Per-dimension winning position of each max bag. */
  bag_argmax: { paddingIdx: Pad; includeLastOffset: boolean };
  /** Gradient of a bag reduction with respect to its rows, `[N, D]`. */
  bag_backward: { mode: "sum" | "mean" | "max"; paddingIdx: Pad; includeLastOffset: boolean };
  /** Gradient of a weighted sum bag with respect to its per-sample weights. */
  psw_grad: { paddingIdx: Pad; includeLastOffset: boolean };
  /** Dense scatter-add of rows into a `[V, D]` table (the gradient of gather). */
  scatter_add: { numEmbeddings: number; paddingIdx: Pad; scaleGradByFreq: boolean };
  /** Values of a row-sparse gradient (uncoalesced or coalesced). */
  sparse_values: {
    numEmbeddings: number;
    paddingIdx: Pad;
    coalesced: boolean;
    scaleGradByFreq: boolean;
  };
  /** Row indices of a row-sparse gradient (uncoalesced or coalesced). */
  sparse_indices: { numEmbeddings: number; paddingIdx: Pad; coalesced: boolean };
  /** A one-instruction elementwise program over broadcast inputs (`kernels/_elementwise_program.ts`). */
  ewise: { prog: string };
  /** Broadcast of the input to `shape` (comma-separated dims). */
  expand: { shape: string };
  /** The same elements in another shape (comma-separated dims). */
  reshape: { shape: string };
  /** Reduction over axes (comma-separated, ascending), kept as dims of size 1. */
  reduce: { op: "sum" | "mean" | "max" | "min"; axes: string };
  /** Softmax or log-softmax over an axis. */
  softmax: { axis: number; log: boolean };
  /** Their backward from `[g, y]` (`y` the forward's output). */
  softmax_grad: { axis: number; log: boolean };
  /** Index of the maximum over an axis (int32, the axis kept with size 1). */
  argmax: { axis: number };
  /** Two dims swapped (a copy). */
  transpose: { dim0: number; dim1: number };
  /** Inputs joined along an axis. */
  concat: { axis: number };
  /** `size` entries of an axis from `start`. */
  slice: { axis: number; start: number; size: number };
  /** One element per row by an int32 target, `x[i, t[i]]` (0 where `t[i]` is ignored). */
  pick: { ignoreIndex: number; shared: boolean };
  /** The vjp of `pick`: `[N, C]` zeros holding `g[i]` at `t[i]`. */
  pick_backward: { ignoreIndex: number; C: number };
  /** Cross-entropy of `[N, C]` logits and class targets `[x, t]` or `[x, t, w]`, reduced. */
  cross_entropy: {
    ignoreIndex: number;
    labelSmoothing: number;
    reduction: "none" | "sum" | "mean";
  };
  /** Its logits' gradient from `[g, x, t]` or `[g, x, t, w]`. */
  cross_entropy_grad: {
    ignoreIndex: number;
    labelSmoothing: number;
    reduction: "none" | "sum" | "mean";
  };
  /** Binary cross-entropy of probabilities `[p, y]`, each log clamped at -100. */
  bce: Record<never, never>;
  /** Batched `op(A)·op(B)` (+ bias, the third input): `[..., M, K]·[..., K, N]`; `fma`: fused. */
  matmul: { transA: boolean; transB: boolean; bias: boolean; fma?: boolean };
  /** In-place `W[rows[u]] += alpha * G[u]` over distinct rows (an optimizer's sparse update). */
  row_add: { alpha: number };
  /** In-place `W[idx[j]] += alpha * rows[j]` over every position (an uncoalesced sparse SGD step). */
  row_scatter_add: { alpha: number; paddingIdx: Pad; scaleGradByFreq: boolean; coalesce: boolean };
  /** In place, SparseAdam's update of distinct rows of `[W, M, V2]` by `G` (inputs `[W, M, V2, rows, G]`). */
  row_adam: { beta1: number; beta2: number; eps: number; stepSize: number; maximize: boolean };
  /** Input 0's storage once input 1, a kernel writing more than its own output, wrote it in place. */
  written_by: Record<never, never>;
};

/** A primitive's name. */
export type OpKind = keyof AttrsOf;

/** A node whose op is known, with its attrs typed. */
export type NodeOf<K extends OpKind> = Node & { readonly op: K; readonly attrs: AttrsOf[K] };

/** A plan node whose op is known, as a lowering sees it (inputs are plan positions). */
export interface LowerNode<K extends OpKind> {
  readonly op: K;
  readonly attrs: AttrsOf[K];
  /** Positions of the inputs in the plan. */
  readonly inputs: readonly number[];
  /** This node's position in the plan. */
  readonly v: number;
}

/**
 * Given a node and the cotangent of its output, the cotangent of each input
 * (`null` where the input is not differentiable, e.g. indices).
 */
export type VjpRule<K extends OpKind> = (
  node: NodeOf<K>,
  cotangent: Node,
  /** Whether each input's cotangent is used (default all): a rule may skip building the others. */
  needs?: readonly boolean[],
) => (Node | null)[];

/** Everything the graph and the scheduler know about a primitive. */
export interface Primitive<K extends OpKind> {
  readonly name: K;
  /** The output's dtype from the inputs' dtypes. */
  readonly dtype: (inputs: readonly DType[], attrs: AttrsOf[K]) => DType;
  /**
   * The output's shape from the inputs' shapes, the attrs and the facts
   * (used when a node is built, and again when `jit` replays a plan).
   */
  readonly shape: (
    inputs: readonly (readonly number[])[],
    attrs: AttrsOf[K],
    facts: Facts,
  ) => number[];
  /**
   * The attrs as a plan depends on them (default: all of them). A plan made
   * for one node serves every node of the same structure, so the attrs left
   * out here (a learning rate, a program's constants) are run-time arguments:
   * the lowering reads them when binding, through `BindContext.attrs`, and a
   * changing value neither reschedules the graph nor recompiles a kernel.
   */
  readonly structure?: (attrs: AttrsOf[K]) => string;
  /** How cotangents flow back to the inputs; `null`: not differentiable. */
  readonly vjp: VjpRule<K> | null;
  /** Appends the node's kernel steps (`shapes` are the plan's static shapes). */
  readonly lower: (
    L: Lowering,
    node: LowerNode<K>,
    shapes: readonly (readonly number[])[],
  ) => void;
}

/** One descriptor per primitive: a missing primitive is a compile error. */
export type Registry = { readonly [K in OpKind]: Primitive<K> };
