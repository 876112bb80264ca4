/**
 * `Embedding`: a lookup table module, like `torch.nn.Embedding` and Keras'
 * `Embedding` layer.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import type { Tensor } from "../tensor/tensor.ts";
import type { NestedArray } from "../tensor/_nested.ts";
import { embeddingForward } from "../ops/embedding_forward.ts";
import { embeddingGrad } from "../ops/embedding_grad.ts";
import type { RowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { type IndicesLike, toTensor } from "../ops/_inputs.ts";
import { parseOptions } from "../ops/_options.ts";
import { tensor } from "../tensor/creation.ts";
import {
  checkSizes,
  constructorName,
  fromPretrainedTable,
  type ModuleOptions,
  moduleShape,
} from "./_module.ts";
import { callOptions } from "./_call_options.ts";
import { TableModule } from "./table_module.ts";
import type { KeyedVectors } from "../vectors/keyed_vectors.ts";

/**
 * Options of `Embedding`.
 *
 * @example
 * ```ts
 * import { Embedding, type EmbeddingModuleOptions, l2 } from "@tessera/embed";
 * const options: EmbeddingModuleOptions = {
 *   maskZero: true,
 *   embeddingsInitializer: "uniform",
 *   embeddingsRegularizer: l2(1e-4),
 *   seed: 0,
 * };
 * const e = new Embedding(6, 4, options); // a vocabulary of 5, plus row 0 for padding
 * console.log(await e.computeMask([[0, 3, 5]])?.toArray()); // [[0, 1, 1]]
 * ```
 */
export interface EmbeddingModuleOptions extends ModuleOptions {
  /**
   * Keras' `mask_zero`: index 0 is padding for later layers; `computeMask()`
   * is `indices != 0`. Row 0 is still looked up, so size the table `vocab + 1`.
   * @default false
   */
  maskZero?: boolean;
  /**
   * Keras 2's `input_length`: the length of the sequences (or a list, one
   * per dim after the batch dim, `null` for any), checked by `forward`.
   * @default null
   */
  inputLength?: number | readonly (number | null)[] | null;
}

/**
 * Options of `Embedding.fromPretrained`.
 *
 * @example
 * ```ts
 * import { Embedding, type FromPretrainedOptions } from "@tessera/embed";
 * const options: FromPretrainedOptions = { freeze: false, paddingIdx: 0 };
 * const e = Embedding.fromPretrained([[0, 0], [0.5, 1.5], [2, 3]], options);
 * console.log(e.requiresGrad, e.parameters().length); // true 1
 * ```
 */
export interface FromPretrainedOptions extends
  Pick<
    EmbeddingModuleOptions,
    "paddingIdx" | "maxNorm" | "normType" | "scaleGradByFreq" | "sparse" | "maskZero"
  > {
  /**
   * Whether the table stays fixed during training (`requiresGrad = false`).
   * @default true
   */
  freeze?: boolean;
}

const length = z.number().int().nonnegative();
const schema = z.strictObject({
  ...moduleShape,
  maskZero: z.boolean().optional(),
  inputLength: z.union([length, z.array(length.nullable())]).nullable().optional(),
});
const pretrainedSchema = z.strictObject({
  paddingIdx: moduleShape.paddingIdx,
  maxNorm: moduleShape.maxNorm,
  normType: moduleShape.normType,
  scaleGradByFreq: moduleShape.scaleGradByFreq,
  sparse: moduleShape.sparse,
  maskZero: z.boolean().optional(),
  freeze: z.boolean().optional(),
});

/** Keras 2's check of `input_length` against the input's dims after the batch dim. */
function checkInputLength(
  inputLength: number | readonly (number | null)[],
  shape: readonly number[],
  who: string,
): void {
  const lengths = typeof inputLength === "number" ? [inputLength] : inputLength;
  const rest = shape.slice(1);
  if (lengths.length !== rest.length || lengths.some((n, i) => n !== null && n !== rest[i])) {
    throw new TypeError(
      `${who}: inputLength is ${JSON.stringify(inputLength)} but indices have shape [${shape}]`,
    );
  }
}

/**
 * The table gradient a module's `grad()` returns: a `RowSparseGrad` for a
 * module built with `sparse: true`, a dense tensor with `sparse: false` (or
 * none), either when the flag is only known at run time.
 *
 * @example
 * ```ts
 * import { Embedding, type GradFor, RowSparseGrad } from "@tessera/embed";
 * const e = new Embedding(10, 3, { sparse: true, seed: 0 });
 * const g: GradFor<true> = e.grad([[1, 1, 1]], [4]); // typed as a RowSparseGrad
 * console.log(g instanceof RowSparseGrad); // true
 * ```
 */
export type GradFor<S extends boolean> = boolean extends S ? Tensor<"float32"> | RowSparseGrad
  : S extends true ? RowSparseGrad
  : Tensor<"float32">;

/**
 * A `[numEmbeddings, embeddingDim]` table mapping integer ids to vectors.
 * Initialised N(0, 1) (PyTorch) unless `embeddingsInitializer` says
 * otherwise; the `paddingIdx` row starts at zero.
 *
 * @example
 * ```ts
 * import { Embedding } from "@tessera/embed";
 * const embedding = new Embedding(10, 3, { paddingIdx: 0, seed: 1 });
 * console.log(embedding.toString()); // Embedding(10, 3, padding_idx=0)
 * const out = embedding.forward([[1, 2, 4, 5], [4, 3, 2, 9]]);
 * console.log(out.shape); // [2, 4, 3]
 * ```
 */
export class Embedding<S extends boolean = boolean> extends TableModule {
  /** Whether index 0 is masked (Keras `mask_zero`). */
  readonly maskZero: boolean;
  /** Keras' `input_length`, checked against the dims after the batch dim, or null. */
  readonly inputLength: number | readonly (number | null)[] | null;

  /**
   * Creates the table, initialised and with the padding row zeroed.
   *
   * @param numEmbeddings Rows (`V`): the vocabulary size.
   * @param embeddingDim Width of each vector (`D`).
   * @param options PyTorch and Keras options.
   * @throws {TypeError} For non-integer sizes, unknown options or wrong kinds.
   * @throws {RangeError} For negative sizes, `paddingIdx` outside `[-V, V)`, or non-positive `maxNorm`/`normType`.
   */
  constructor(
    numEmbeddings: number,
    embeddingDim: number,
    options: EmbeddingModuleOptions & { sparse?: S } = {},
  ) {
    const who = constructorName("Embedding()");
    checkSizes(numEmbeddings, embeddingDim, who);
    const o = parseOptions(schema, options, who) as EmbeddingModuleOptions;
    super(numEmbeddings, embeddingDim, o, true, who);
    this.maskZero = o.maskZero ?? false;
    this.inputLength = o.inputLength ?? null;
  }

  /**
   * A module around an existing table, used as is (no row is zeroed).
   *
   * @example
   * ```ts
   * import { Embedding } from "@tessera/embed";
   * const e = Embedding.fromPretrained([[1, 2.3, 3], [4, 5.1, 6.3]]);
   * console.log(await e.forward([1]).toArray()); // [[4, 5.1, 6.3]] (as float32)
   * ```
   *
   * @param table The `[V, D]` float32 table, or a `KeyedVectors` from a loader (its `vectors`); a tensor is shared, not copied.
   * @param options `freeze` (default true) and the lookup options.
   * @returns The module.
   * @throws {TypeError} For a table that is not 2-D float32 data, or unknown options.
   * @throws {RangeError} For `paddingIdx` outside `[-V, V)`, or non-positive `maxNorm`/`normType`.
   */
  static fromPretrained(
    table: Tensor | Float32Array | NestedArray | KeyedVectors,
    options: FromPretrainedOptions = {},
  ): Embedding {
    return fromPretrainedTable(
      table,
      options,
      pretrainedSchema,
      "Embedding.fromPretrained()",
      (V, D, o) => new Embedding(V, D, o),
    );
  }

  /**
   * Looks up `indices` (any shape); applies `maxNorm` to the table first.
   *
   * @param indices Int32 ids in `[0, V)`.
   * @param options Lookup options may be restated, but must equal the module's.
   * @returns A lazy `[...indices.shape, D]` tensor.
   * @throws {TypeError} For non-integer indices, an option that differs from the module's, or
   *   indices whose dims after the first disagree with `inputLength`.
   * @throws {RangeError} For ids outside `[0, V)`.
   */
  forward(
    indices: IndicesLike,
    options: Readonly<Pick<EmbeddingModuleOptions, "paddingIdx" | "maxNorm" | "normType">> = {},
  ): Tensor<"float32"> {
    const own = this.#lookupOptions();
    const who = "Embedding.forward()";
    callOptions(options, own, [], this.numEmbeddings, who);
    // The gradient options too, so that backward() follows the module's.
    const all = { ...own, scaleGradByFreq: this.scaleGradByFreq, sparse: this.sparse };
    if (this.inputLength === null) return embeddingForward(this.weight, indices, all);
    const ids = toTensor(indices, "int32", who, "indices");
    checkInputLength(this.inputLength, ids.shape, who);
    return embeddingForward(this.weight, ids, all);
  }

  #lookupOptions() {
    return {
      paddingIdx: this.paddingIdx,
      maxNorm: this.maxNorm,
      normType: this.normType,
    };
  }

  /**
   * The gradient of the table given the gradient of `forward(indices)`,
   * dense or row-sparse per the module's `sparse` option.
   *
   * @param gradOutput Gradient of the output, `[...indices.shape, D]`.
   * @param indices The ids the forward looked up.
   * @param options Gradient options may be restated, but must equal the module's.
   * @returns `[V, D]` tensor, or a `RowSparseGrad`.
   * @throws {TypeError} For mismatched shapes, or an option that differs from the module's.
   * @throws {RangeError} For ids outside `[0, V)`.
   */
  grad(
    gradOutput: Tensor<"float32"> | NestedArray,
    indices: IndicesLike,
    options: Readonly<Pick<EmbeddingModuleOptions, "paddingIdx" | "scaleGradByFreq" | "sparse">> =
      {},
  ): GradFor<S> {
    const own = {
      paddingIdx: this.paddingIdx,
      scaleGradByFreq: this.scaleGradByFreq,
      sparse: this.sparse,
    };
    callOptions(options, own, [], this.numEmbeddings, "Embedding.grad()");
    return embeddingGrad(gradOutput, indices, {
      numEmbeddings: this.numEmbeddings,
      ...own,
    }) as GradFor<S>;
  }

  /**
   * Keras' mask: `indices != 0` as int32 0/1, or null without `maskZero`.
   *
   * @param indices The ids.
   * @returns The mask, same shape as `indices`, or null.
   * @throws {TypeError} For non-integer indices.
   */
  computeMask(indices: IndicesLike): Tensor<"int32"> | null {
    if (!this.maskZero) return null;
    const ids = toTensor(indices, "int32", "Embedding.computeMask()", "indices");
    const src = ids.dataSync();
    return tensor(Int32Array.from(src, (v) => (v !== 0 ? 1 : 0)), { shape: ids.shape });
  }

  /** PyTorch's repr, e.g. `Embedding(10, 3, padding_idx=0, max_norm=2.0)`. */
  protected override extraRepr(): string {
    const p = this.reprParts();
    const sparse = this.sparse ? ", sparse=True" : "";
    return `${this.numEmbeddings}, ${this.embeddingDim}${p.padding}${p.norms}${p.freq}${sparse}`;
  }
}
