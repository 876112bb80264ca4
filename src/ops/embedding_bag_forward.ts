/**
 * `embeddingBagForward`: bags of lookups reduced by sum, mean or max, like
 * `torch.nn.functional.embedding_bag`, computed by one fused kernel.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import type { IndicesLike } from "./_inputs.ts";
import { bagSchema, parseOptions } from "./_options.ts";
import { bagForward } from "./_bag_forward.ts";
import type { NestedArray } from "../tensor/_nested.ts";

/**
 * Options of `embeddingBagForward`.
 *
 * @example
 * ```ts
 * import { embeddingBagForward, type EmbeddingBagOptions, tensor } from "@tessera/embed";
 * const weight = tensor([[1, 1], [2, 2], [3, 3]]);
 * const options: EmbeddingBagOptions = {
 *   mode: "sum",
 *   offsets: [0, 2],
 *   perSampleWeights: [1, 0.5, 2],
 * };
 * const out = embeddingBagForward(weight, [0, 1, 2], options);
 * console.log(await out.toArray()); // [[2, 2], [6, 6]]
 * ```
 */
export interface EmbeddingBagOptions {
  /**
   * How each bag is reduced.
   * @default "mean"
   */
  mode?: "sum" | "mean" | "max";
  /**
   * Start of each bag in 1-D `indices` (must be absent for 2-D `indices`).
   * @default null
   */
  offsets?: Tensor | Int32Array | readonly number[] | null;
  /**
   * One weight per index, same shape as `indices` (mode `"sum"` only).
   * @default null
   */
  perSampleWeights?: Tensor<"float32"> | Float32Array | NestedArray | null;
  /**
   * `offsets` has `B + 1` entries, the last equal to the number of indices.
   * @default false
   */
  includeLastOffset?: boolean;
  /**
   * Entries equal to this row are left out of the bag (and of the mean's count).
   * @default null
   */
  paddingIdx?: number | null;
  /**
   * Rows referenced by `indices` whose norm exceeds this are rescaled in place first.
   * @default null
   */
  maxNorm?: number | null;
  /**
   * The p of the p-norm for `maxNorm`.
   * @default 2
   */
  normType?: number;
  /**
   * Divide gradients by row frequency (not with `"max"`).
   * @default false
   */
  scaleGradByFreq?: boolean;
  /**
   * Request row-sparse gradients (not with `"max"`).
   * @default false
   */
  sparse?: boolean;
}

/**
 * Reduces bags of table rows: `sum` (optionally weighted), `mean` or `max`
 * per bag, without materialising the gathered rows. Bags are the rows of 2-D
 * `indices`, or runs of 1-D `indices` starting at `offsets`. Empty and
 * all-padding bags give zeros.
 *
 * @example
 * ```ts
 * import { embeddingBagForward, tensor } from "@tessera/embed";
 * const weight = tensor([[0, 0.1], [1, 1.1], [2, 2.1], [3, 3.1]]);
 * const out = embeddingBagForward(weight, [1, 2, 3, 0], { offsets: [0, 3], mode: "sum" });
 * console.log(await out.toArray()); // [[6, 6.3], [0, 0.1]] (as float32)
 * ```
 *
 * @param weight The `[V, D]` float32 table.
 * @param indices 2-D `[B, N]` indices, or 1-D indices with `offsets`.
 * @param options Mode, offsets, per-sample weights, padding and max-norm.
 * @returns A lazy float32 tensor of shape `[B, D]`.
 * @throws {TypeError} For wrong kinds or shapes, offsets with 2-D indices, per-sample weights outside `"sum"`, or gradient options `"max"` does not support.
 * @throws {RangeError} For indices, offsets, `paddingIdx`, `maxNorm` or `normType` out of range.
 */
export function embeddingBagForward(
  weight: Tensor<"float32">,
  indices: IndicesLike,
  options?: EmbeddingBagOptions,
): Tensor<"float32"> {
  const who = "embeddingBagForward()";
  return bagForward(weight, indices, parseOptions(bagSchema, options, who), who);
}
