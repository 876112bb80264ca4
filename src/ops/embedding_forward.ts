/**
 * `embeddingForward`: the lookup, like `torch.nn.functional.embedding`.
 *
 * @module
 */

import { makeNode } from "../graph/node.ts";
import { type Tensor, tensorInternals } from "../tensor/tensor.ts";
import { checkWeight, indicesFrom, type IndicesLike, nodeOf } from "./_inputs.ts";
import { checkNorms, lookupSchema, normalizePadding, parseOptions } from "./_options.ts";
import { tableAfterMaxNorm } from "./_max_norm.ts";

/**
 * Options of `embeddingForward`.
 *
 * @example
 * ```ts
 * import { embeddingForward, type EmbeddingOptions, tensor } from "@tessera/embed";
 * const weight = tensor([[0, 0], [3, 4], [0.3, 0.4]]);
 * const options: EmbeddingOptions = { paddingIdx: 0, maxNorm: 1 };
 * const out = embeddingForward(weight, [1, 2, 0], options);
 * console.log(await out.toArray()); // [[0.6, 0.8], [0.3, 0.4], [0, 0]] (as float32)
 * ```
 */
export interface EmbeddingOptions {
  /**
   * Row whose gradient is always zero (negative counts from the end). The
   * forward still returns the stored row; gradients built from this output's
   * options (e.g. by `Embedding`) skip it.
   * @default null
   */
  paddingIdx?: number | null;
  /**
   * Before the lookup, rows referenced by `indices` whose `normType`-norm
   * exceeds this are rescaled in place to this norm.
   * @default null
   */
  maxNorm?: number | null;
  /**
   * The p of the p-norm for `maxNorm` (any p > 0, or `Infinity`).
   * @default 2
   */
  normType?: number;
  /**
   * Divide each row's gradient by its frequency in the batch (used by gradients).
   * @default false
   */
  scaleGradByFreq?: boolean;
  /**
   * Request row-sparse gradients (used by modules and gradients).
   * @default false
   */
  sparse?: boolean;
}

/**
 * Looks up rows of a table: the output has shape `indices.shape + [D]`, and
 * row `i` is an exact copy of `weight[indices[i]]`. Lazy: nothing runs until
 * the result is read.
 *
 * @example
 * ```ts
 * import { embeddingForward, tensor } from "@tessera/embed";
 * const weight = tensor([[0, 0.1], [1, 1.1], [2, 2.1]]);
 * const out = embeddingForward(weight, [[2, 0], [1, 1]]);
 * console.log(out.shape); // [2, 2, 2]
 * console.log(await out.toArray()); // [[[2, 2.1], [0, 0.1]], [[1, 1.1], [1, 1.1]]] (as float32)
 * ```
 *
 * @param weight The `[V, D]` float32 table.
 * @param indices Int32 indices of any shape: a tensor, `Int32Array` or nested arrays.
 * @param options Padding, max-norm and gradient options.
 * @returns A lazy float32 tensor of shape `indices.shape + [D]`.
 * @throws {TypeError} For a table that is not a 2-D float32 tensor, non-integer indices or unknown options.
 * @throws {RangeError} For an index outside `[0, V)`, `paddingIdx` outside `[-V, V)`, or non-positive `maxNorm`/`normType`.
 */
export function embeddingForward(
  weight: Tensor<"float32">,
  indices: IndicesLike,
  options?: EmbeddingOptions,
): Tensor<"float32"> {
  const who = "embeddingForward()";
  const w = checkWeight(weight, who);
  const V = w.shape[0];
  const o = options === undefined ? {} : parseOptions(lookupSchema, options, who);
  const normType = o.normType ?? 2;
  checkNorms(o.maxNorm, normType, who);
  const paddingIdx = normalizePadding(o.paddingIdx, V, who);
  const idx = indicesFrom(indices, V, who);
  const idxNode = nodeOf(idx);
  const table = tableAfterMaxNorm(w, idxNode, o.maxNorm, normType);
  const node = makeNode("gather", [table, idxNode], {
    paddingIdx,
    scaleGradByFreq: o.scaleGradByFreq ?? false,
    sparse: o.sparse ?? false,
  });
  const t = tensorInternals();
  return t.fromNode<"float32">(node);
}
