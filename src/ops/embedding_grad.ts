/**
 * `embeddingGrad`: the weight gradient of a lookup, dense or row-sparse.
 *
 * @module
 */

import { checkRowCount } from "../tensor/_sizes.ts";
import { type Tensor, tensorInternals } from "../tensor/tensor.ts";
import { bufferNode, makeNode, type Node } from "../graph/node.ts";
import type { Storage } from "../memory/storage.ts";
import { denseOf, reverse } from "../transforms/_reverse.ts";
import { RowSparseGrad, rowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { indicesFrom, type IndicesLike, nodeOf, toTensor } from "./_inputs.ts";
import { lookupGradSchema, normalizePadding, parseOptions } from "./_options.ts";
import type { NestedArray } from "../tensor/_nested.ts";

/**
 * Options of `embeddingGrad`.
 *
 * @example
 * ```ts
 * import { embeddingGrad, type EmbeddingGradOptions, RowSparseGrad } from "@tessera/embed";
 * const options: EmbeddingGradOptions = { numEmbeddings: 4, paddingIdx: 0, scaleGradByFreq: true };
 * const grad = embeddingGrad([[1, 1], [2, 2], [4, 4], [9, 9]], [3, 3, 1, 0], options);
 * const dense = grad instanceof RowSparseGrad ? grad.toDense() : grad;
 * console.log(await dense.toArray()); // [[0, 0], [4, 4], [0, 0], [1.5, 1.5]]
 * ```
 */
export interface EmbeddingGradOptions {
  /** Rows of the table (`V`). */
  numEmbeddings: number;
  /**
   * Occurrences of this row get no gradient (negative counts from the end).
   * @default null
   */
  paddingIdx?: number | null;
  /**
   * Divide each row's gradient by its number of occurrences in `indices`.
   * @default false
   */
  scaleGradByFreq?: boolean;
  /**
   * Return a `RowSparseGrad` instead of a dense `[V, D]` tensor.
   * @default false
   */
  sparse?: boolean;
  /**
   * With `sparse`, return the coalesced layout (distinct ascending rows,
   * values summed) instead of PyTorch's one entry per lookup.
   * @default false
   */
  coalesce?: boolean;
}

/**
 * The gradient of `embeddingForward` with respect to the table: for every
 * non-padding position `j`, `grad[indices[j]] += gradOutput[j]` (divided by
 * the row's frequency with `scaleGradByFreq`); duplicates accumulate. Pure:
 * returns new tensors and mutates nothing.
 *
 * @example
 * ```ts
 * import { embeddingGrad, tensor } from "@tessera/embed";
 * const g = tensor([[1, 2], [3, 4], [5, 6]]);
 * const dense = embeddingGrad(g, [2, 0, 2], { numEmbeddings: 3 });
 * console.log(await dense.toArray()); // [[3, 4], [0, 0], [6, 8]]
 * const sparse = embeddingGrad(g, [2, 0, 2], { numEmbeddings: 3, sparse: true });
 * console.log(await sparse.indices.toArray()); // [2, 0, 2]
 * ```
 *
 * @param gradOutput Float32 gradient of the lookup's output, shape `indices.shape + [D]`.
 * @param indices The indices of the lookup.
 * @param options `numEmbeddings` and the gradient options.
 * @returns A dense `[V, D]` tensor, or a `RowSparseGrad` with `sparse: true`.
 * @throws {TypeError} For wrong kinds or shapes, or unknown options.
 * @throws {RangeError} For an index outside `[0, V)` or `paddingIdx` outside `[-V, V)`.
 */
export function embeddingGrad(
  gradOutput: Tensor<"float32"> | NestedArray,
  indices: IndicesLike,
  options: EmbeddingGradOptions & { sparse: true },
): RowSparseGrad;
/** The dense gradient, `[V, D]` (see the first signature). */
export function embeddingGrad(
  gradOutput: Tensor<"float32"> | NestedArray,
  indices: IndicesLike,
  options: EmbeddingGradOptions & { sparse?: false },
): Tensor<"float32">;
/** Dense or row-sparse, as `options.sparse` says (see the first signature). */
export function embeddingGrad(
  gradOutput: Tensor<"float32"> | NestedArray,
  indices: IndicesLike,
  options: EmbeddingGradOptions,
): Tensor<"float32"> | RowSparseGrad;
export function embeddingGrad(
  gradOutput: Tensor<"float32"> | NestedArray,
  indices: IndicesLike,
  options: EmbeddingGradOptions,
): Tensor<"float32"> | RowSparseGrad {
  const who = "embeddingGrad()";
  const o = parseOptions(lookupGradSchema, options, who);
  const V = o.numEmbeddings;
  if (V < 0) throw new RangeError(`${who}: numEmbeddings is ${V} but must be non-negative`);
  checkRowCount(V, who);
  const paddingIdx = normalizePadding(o.paddingIdx, V, who);
  const idx = indicesFrom(indices, V, who);
  const g = toTensor(gradOutput, "float32", who, "gradOutput");
  const prefix = g.shape.slice(0, -1).join();
  if (g.rank !== idx.rank + 1 || prefix !== idx.shape.join()) {
    throw new TypeError(
      `${who}: gradOutput has shape [${g.shape}] but must be indices.shape + [D] = [${[
        ...idx.shape,
        "D",
      ]}]`,
    );
  }
  const scaleGradByFreq = o.scaleGradByFreq ?? false, sparse = o.sparse ?? false;
  // The lookup's graph, differentiated by the one reverse walk. Only the table's shape
  // matters: the walk never reads it, so a stand-in leaf takes its place.
  const table = tableStandIn(V, g.shape[g.rank - 1]);
  const rows = makeNode("gather", [table, nodeOf(idx)], { paddingIdx, scaleGradByFreq, sparse });
  const [tableCt] = reverse(rows, nodeOf(g), [table], who);
  if (tableCt === undefined) throw new Error("internal: the lookup does not reach its table");
  if (!sparse) return tensorInternals().fromNode<"float32">(denseOf(tableCt));
  const p = tableCt.sparse[0];
  return rowSparseGrad(p.src, p.idx, V, { ...p, coalesced: o.coalesce ?? false });
}

/**
 * A `[V, D]` float32 leaf standing for a table that `embeddingGrad` is not
 * given: it has no storage, and nothing the walk returns reads it, so it is
 * never realized.
 */
function tableStandIn(V: number, D: number): Node {
  return bufferNode(undefined as unknown as Storage, [V, D], "float32");
}

export type { RowSparseGrad };
