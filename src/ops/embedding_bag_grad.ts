/**
 * `embeddingBagGrad`: gradients of a bag reduction with respect to the table
 * and the per-sample weights.
 *
 * @module
 */

import { denseOf, reverse } from "../transforms/_reverse.ts";
import { zeros } from "../tensor/creation.ts";
import { type Tensor, tensorInternals } from "../tensor/tensor.ts";
import { type RowSparseGrad, rowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { type IndicesLike, nodeOf, toTensor } from "./_inputs.ts";
import { bagGradSchema, parseOptions } from "./_options.ts";
import { bagForwardNodes, bagInputs } from "./_bag_inputs.ts";
import type { EmbeddingBagOptions } from "./embedding_bag_forward.ts";
import type { NestedArray } from "../tensor/_nested.ts";

/**
 * Options of `embeddingBagGrad`: the forward's options, without max-norm.
 *
 * @example
 * ```ts
 * import { embeddingBagGrad, type EmbeddingBagGradOptions, tensor } from "@tessera/embed";
 * const weight = tensor([[1, 1], [2, 2], [3, 3]]);
 * const options: EmbeddingBagGradOptions = {
 *   mode: "sum",
 *   offsets: [0, 2],
 *   perSampleWeights: [1, 1, 1],
 * };
 * const grads = embeddingBagGrad([[1, 0], [0, 1]], weight, [0, 1, 2], options);
 * console.log(await grads.perSampleWeights?.toArray()); // [1, 2, 3]
 * ```
 */
export interface EmbeddingBagGradOptions extends Omit<EmbeddingBagOptions, "maxNorm" | "normType"> {
  /**
   * With `sparse`, return the coalesced layout instead of one entry per lookup.
   * @default false
   */
  coalesce?: boolean;
}

/**
 * Gradients of `embeddingBagForward`. (A type alias rather than an interface,
 * so that it is assignable to `TensorTree` and can be passed to `realize()`.)
 *
 * @example
 * ```ts
 * import { embeddingBagGrad, type EmbeddingBagGrads, realize } from "@tessera/embed";
 * import { type Tensor, tensor } from "@tessera/embed";
 * async function show(grads: EmbeddingBagGrads<Tensor<"float32">>) {
 *   await realize(grads); // both gradients in one plan
 *   console.log(await grads.weight.toArray(), await grads.perSampleWeights?.toArray());
 * }
 * const weight = tensor([[1, 1], [2, 2]]);
 * const options = { mode: "sum", perSampleWeights: [[1, 1]] } as const;
 * await show(embeddingBagGrad([[1, 1]], weight, [[0, 1]], options));
 * // [[1, 1], [1, 1]] [[2, 4]] (the second is shaped like perSampleWeights)
 * ```
 */
export type EmbeddingBagGrads<W extends Tensor<"float32"> | RowSparseGrad> = {
  /** Gradient with respect to the table: dense `[V, D]` or row-sparse. */
  readonly weight: W;
  /** Gradient with respect to `perSampleWeights` (when they were given), shaped like them. */
  readonly perSampleWeights?: Tensor<"float32">;
};

/**
 * The gradients of `embeddingBagForward` given the gradient of its output.
 * Weight gradient: each non-padding position `j` of bag `b` adds
 * `s_j · gradOutput[b]` to row `indices[j]`, where `s_j` is the per-sample
 * weight (or 1), divided by the bag's non-padding count for `"mean"` and by
 * the row's frequency with `scaleGradByFreq`. `"max"` routes each
 * `gradOutput[b][d]` to the winning row of dimension `d`. Pure: `weight` is
 * only read (for max and the per-sample-weight gradient), never written.
 *
 * @example
 * ```ts
 * import { embeddingBagGrad, tensor } from "@tessera/embed";
 * const weight = tensor([[0, 1], [2, 3], [4, 5]]);
 * const g = tensor([[1, 1], [10, 10]]);
 * const { weight: dw } = embeddingBagGrad(g, weight, [0, 2, 2, 1], { offsets: [0, 2], mode: "mean" });
 * console.log(await dw.toArray()); // [[0.5, 0.5], [5, 5], [5.5, 5.5]]
 * ```
 *
 * @param gradOutput Float32 `[B, D]` gradient of the bag output.
 * @param weight The `[V, D]` table the forward read (after any max-norm).
 * @param indices The forward's indices.
 * @param options The forward's options, plus `sparse` and `coalesce`.
 * @returns The weight gradient and, with per-sample weights, their gradient.
 * @throws {TypeError} For wrong kinds or shapes, or options the mode does not support.
 * @throws {RangeError} For indices, offsets or `paddingIdx` out of range.
 */
export function embeddingBagGrad(
  gradOutput: Tensor<"float32"> | NestedArray,
  weight: Tensor<"float32">,
  indices: IndicesLike,
  options: EmbeddingBagGradOptions & { sparse: true },
): EmbeddingBagGrads<RowSparseGrad>;
/** Dense gradients (see the first signature). */
export function embeddingBagGrad(
  gradOutput: Tensor<"float32"> | NestedArray,
  weight: Tensor<"float32">,
  indices: IndicesLike,
  options?: EmbeddingBagGradOptions & { sparse?: false },
): EmbeddingBagGrads<Tensor<"float32">>;
/** Dense or row-sparse, as `options.sparse` says (see the first signature). */
export function embeddingBagGrad(
  gradOutput: Tensor<"float32"> | NestedArray,
  weight: Tensor<"float32">,
  indices: IndicesLike,
  options?: EmbeddingBagGradOptions,
): EmbeddingBagGrads<Tensor<"float32"> | RowSparseGrad>;
export function embeddingBagGrad(
  gradOutput: Tensor<"float32"> | NestedArray,
  weight: Tensor<"float32">,
  indices: IndicesLike,
  options?: EmbeddingBagGradOptions,
): EmbeddingBagGrads<Tensor<"float32"> | RowSparseGrad> {
  const who = "embeddingBagGrad()";
  const o = parseOptions(bagGradSchema, options, who);
  const bag = bagInputs(weight, indices, o, who);
  const [V, D] = bag.weight.shape;
  const g = toTensor(gradOutput, "float32", who, "gradOutput");
  if (g.rank !== 2 || g.shape[0] !== bag.B || g.shape[1] !== D) {
    throw new TypeError(
      `${who}: gradOutput has shape [${g.shape}] but must be [B, D] = [${bag.B},${D}]`,
    );
  }
  const scaleGradByFreq = o.scaleGradByFreq ?? false, sparse = o.sparse ?? false;
  // The forward graph, differentiated by the one reverse walk (the table read sparsely
  // when a row-sparse gradient is asked for).
  const table = nodeOf(bag.weight), psw = bag.psw ? nodeOf(bag.psw) : undefined;
  const { forward } = bagForwardNodes(bag, table, scaleGradByFreq, sparse);
  const [tableCt, pswCt] = reverse(forward, nodeOf(g), psw ? [table, psw] : [table], who);
  const t = tensorInternals();
  let weightGrad: Tensor<"float32"> | RowSparseGrad;
  if (tableCt === undefined) throw new Error("internal: the bag does not reach its table");
  if (sparse) {
    const p = tableCt.sparse[0];
    weightGrad = rowSparseGrad(p.src, p.idx, V, { ...p, coalesced: o.coalesce ?? false });
  } else {
    weightGrad = t.fromNode<"float32">(denseOf(tableCt));
  }
  if (!psw) return { weight: weightGrad };
  const pswGrad = pswCt === undefined
    ? zeros(bag.psw!.shape)
    : t.fromNode<"float32">(denseOf(pswCt));
  return { weight: weightGrad, perSampleWeights: pswGrad as Tensor<"float32"> };
}
