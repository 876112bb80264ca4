/**
 * `RowSparseGrad`: a gradient that touches only some rows of a `[V, D]`
 * table, as `indices` (int32 `[n]`) and `values` (float32 `[n, D]`).
 *
 * @module
 */

import { checkRowCount } from "../tensor/_sizes.ts";
import { makeNode, type Node } from "../graph/node.ts";
import { type LeafData, recordFacts } from "../graph/trace.ts";
import { z } from "npm:zod@^4.1.0";
import { inRange, parseOptions } from "../ops/_options.ts";
import { scatterAdd } from "../graph/prims/gather.ts";
import { type Tensor, tensorInternals } from "../tensor/tensor.ts";
import {
  countDistinct,
  countEqual,
  indicesFrom,
  nodeOf,
  readLeaf,
  toTensor,
} from "../ops/_inputs.ts";

/** How a row-sparse gradient is computed: gradient rows `src` for positions `idx`. */
export interface Recipe {
  readonly src: Node;
  readonly idx: Node;
  readonly paddingIdx: number | null;
  readonly scaleGradByFreq: boolean;
}

let fromRecipe: (r: Recipe, V: number, coalesced: boolean) => RowSparseGrad;
let recipeOf: (g: RowSparseGrad) => Recipe;
/** Set while the module builds an instance from trusted parts (skips validation). */
let trusted: { recipe: Recipe; coalesced: boolean } | undefined;

const rowSparseSchema = z.strictObject({
  numEmbeddings: inRange(z.number().int(), (v) => v >= 0, "must be non-negative"),
});

/** The nnz of a sparse gradient from its indices (holds no node, for `jit` replays). */
function nnzFacts(coalesced: boolean, pad: number | null, V: number) {
  return ([data]: readonly LeafData[]) => ({
    nnz: coalesced ? countDistinct(data, pad, V) : data.length - countEqual(data, pad),
  });
}

/**
 * Options of the `RowSparseGrad` constructor.
 *
 * @example
 * ```ts
 * import { RowSparseGrad, type RowSparseGradOptions } from "@tessera/embed";
 * const options: RowSparseGradOptions = { numEmbeddings: 5 };
 * const g = new RowSparseGrad([4, 1], [[0.5, 0.5], [1, 2]], options);
 * console.log(g.shape); // [5, 2]
 * ```
 */
export interface RowSparseGradOptions {
  /** Rows of the dense table (`V`). */
  numEmbeddings: number;
}

/**
 * A row-sparse gradient. Uncoalesced (PyTorch's layout) it has one entry per
 * non-padding lookup, in input order, with repeated rows; coalesced it has
 * one entry per distinct row, ascending, with values summed.
 *
 * @example
 * ```ts
 * import { RowSparseGrad } from "@tessera/embed";
 * const g = new RowSparseGrad([3, 3, 2], [[1, 2], [5, 6], [7, 8]], { numEmbeddings: 4 });
 * console.log(await g.coalesce().indices.toArray()); // [2, 3]
 * console.log(await g.toDense().toArray()); // [[0, 0], [0, 0], [7, 8], [6, 8]]
 * ```
 */
export class RowSparseGrad {
  /** Row of each entry, int32 `[n]`. */
  readonly indices: Tensor<"int32">;
  /** Value of each entry, float32 `[n, D]`. */
  readonly values: Tensor<"float32">;
  /** Rows of the dense table (`V`). */
  readonly numEmbeddings: number;
  /** Whether rows are distinct and ascending. */
  readonly coalesced: boolean;
  #recipe: Recipe;

  static {
    recipeOf = (g) => g.#recipe;
    fromRecipe = (r, V, coalesced) => {
      const read = readLeaf(r.idx);
      const nnz = coalesced
        ? countDistinct(read, r.paddingIdx, V)
        : read.length - countEqual(read, r.paddingIdx);
      const attrs = { numEmbeddings: V, paddingIdx: r.paddingIdx, coalesced };
      const values = makeNode(
        "sparse_values",
        [r.src, r.idx],
        { ...attrs, scaleGradByFreq: r.scaleGradByFreq },
        { facts: { nnz } },
      );
      const indices = makeNode("sparse_indices", [r.idx], attrs, { facts: { nnz } });
      const facts = nnzFacts(coalesced, r.paddingIdx, V);
      recordFacts(values, [r.idx], facts);
      recordFacts(indices, [r.idx], facts);
      const t = tensorInternals();
      trusted = { recipe: r, coalesced };
      try {
        return new RowSparseGrad(t.fromNode(indices), t.fromNode(values), { numEmbeddings: V });
      } finally {
        trusted = undefined;
      }
    };
  }

  /**
   * Wraps existing entries (uncoalesced).
   *
   * @param indices Int32 row of each entry, 1-D `[n]`, each in `[0, numEmbeddings)`.
   * @param values Float32 `[n, D]`.
   * @param options `numEmbeddings`, the rows of the dense table.
   * @throws {TypeError} For wrong kinds or shapes.
   * @throws {RangeError} For a row outside `[0, numEmbeddings)`.
   */
  constructor(
    indices: Tensor<"int32"> | Int32Array | readonly number[],
    values: Tensor<"float32"> | Float32Array | readonly (readonly number[])[],
    options: RowSparseGradOptions,
  ) {
    const who = "RowSparseGrad()";
    const V = trusted === undefined
      ? parseOptions(rowSparseSchema, options, who).numEmbeddings
      : options.numEmbeddings;
    if (trusted !== undefined) {
      this.indices = indices as Tensor<"int32">;
      this.values = values as Tensor<"float32">;
      this.#recipe = trusted.recipe;
      this.coalesced = trusted.coalesced;
    } else {
      checkRowCount(V, who);
      const idx = indicesFrom(indices, V, who);
      const vals = toTensor(values, "float32", who, "values");
      if (idx.rank !== 1 || vals.rank !== 2 || vals.shape[0] !== idx.shape[0]) {
        throw new TypeError(
          `${who}: indices [${idx.shape}] and values [${vals.shape}] must have shapes [n] and [n, D]`,
        );
      }
      this.indices = idx;
      this.values = vals;
      this.#recipe = {
        src: nodeOf(vals),
        idx: nodeOf(idx),
        paddingIdx: null,
        scaleGradByFreq: false,
      };
      this.coalesced = false;
    }
    this.numEmbeddings = V;
  }

  /**
   * Wraps computed parts without validation (internal: used by `jit` to
   * rebuild results).
   */
  static fromParts(
    indices: Tensor,
    values: Tensor,
    numEmbeddings: number,
    coalesced: boolean,
  ): RowSparseGrad {
    const recipe: Recipe = {
      src: nodeOf(values),
      idx: nodeOf(indices),
      paddingIdx: null,
      scaleGradByFreq: false,
    };
    trusted = { recipe, coalesced };
    try {
      return new RowSparseGrad(indices as Tensor<"int32">, values as Tensor<"float32">, {
        numEmbeddings,
      });
    } finally {
      trusted = undefined;
    }
  }

  /** Shape of the dense gradient, `[V, D]`. */
  get shape(): [number, number] {
    return [this.numEmbeddings, this.values.shape[1]];
  }

  /**
   * A printout like PyTorch's for sparse tensors, e.g.
   * `RowSparseGrad(indices=tensor([3, 3, 2], dtype=int32), values=tensor([...]), size=(4, 2), nnz=3, coalesced=false)`.
   */
  toString(): string {
    const [V, D] = this.shape;
    return `RowSparseGrad(indices=${this.indices.toString()}, values=${this.values.toString()}, ` +
      `size=(${V}, ${D}), nnz=${this.indices.shape[0]}, coalesced=${this.coalesced})`;
  }

  /** The dense `[V, D]` gradient (lazy). */
  toDense(): Tensor<"float32"> {
    const r = this.#recipe;
    const node = scatterAdd(r.src, r.idx, {
      numEmbeddings: this.numEmbeddings,
      paddingIdx: r.paddingIdx,
      scaleGradByFreq: r.scaleGradByFreq,
    });
    return tensorInternals().fromNode(node);
  }

  /** The same gradient with distinct, ascending rows and summed values (lazy). */
  coalesce(): RowSparseGrad {
    return this.coalesced ? this : fromRecipe(this.#recipe, this.numEmbeddings, true);
  }
}

/** Builds a row-sparse gradient from gradient rows `src` at positions `idx` (internal). */
export function rowSparseGrad(
  src: Node,
  idx: Node,
  V: number,
  options: { paddingIdx: number | null; scaleGradByFreq: boolean; coalesced: boolean },
): RowSparseGrad {
  return fromRecipe({ src, idx, ...options }, V, options.coalesced);
}

/**
 * `W += alpha * g` in place for an uncoalesced `g`, from the rows it was
 * built from (a bag's backward fuses in), ordered after `after` (internal:
 * the SGD step).
 */
export function scatterInto(
  g: RowSparseGrad,
  W: Node,
  alpha: number,
  after: readonly Node[],
): Node {
  return scatterRecipe(recipeOf(g), W, alpha, after, false);
}

/**
 * The in-place `row_scatter_add` of gradient rows `r` into `W`: in input
 * order, or with `coalesce` each row's terms summed first and added once.
 */
export function scatterRecipe(
  r: Recipe,
  W: Node,
  alpha: number,
  after: readonly Node[],
  coalesce: boolean,
): Node {
  const attrs = { alpha, paddingIdx: r.paddingIdx, scaleGradByFreq: r.scaleGradByFreq, coalesce };
  return makeNode("row_scatter_add", [W, r.src, r.idx], attrs, { after, aliases: 0 });
}

/**
 * What to compute so that `g` is cheap to finish later: the inputs of the
 * bag backward its rows come from (or the rows themselves) and its indices
 * (internal: `backward()` computes these and leaves the `[N, D]` values lazy,
 * so an SGD step reads the bag's gradient directly).
 */
export function sparseSources(g: RowSparseGrad): Node[] {
  return recipeSources(recipeOf(g));
}

/** The inputs of the bag backward gradient rows come from (or the rows), and the indices. */
export function recipeSources({ src, idx }: Recipe): Node[] {
  return [...(src.op === "bag_backward" ? src.inputs : [src]), idx];
}
