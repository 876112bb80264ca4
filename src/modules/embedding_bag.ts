/**
 * `EmbeddingBag`: bags of lookups reduced by sum, mean or max, like
 * `torch.nn.EmbeddingBag`.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import type { Tensor } from "../tensor/tensor.ts";
import type { NestedArray } from "../tensor/_nested.ts";
import { embeddingBagGrad, type EmbeddingBagGrads } from "../ops/embedding_bag_grad.ts";
import type { IndicesLike } from "../ops/_inputs.ts";
import { parseOptions } from "../ops/_options.ts";
import {
  checkSizes,
  constructorName,
  fromPretrainedTable,
  type ModuleOptions,
  moduleShape,
} from "./_module.ts";
import { callOptions } from "./_call_options.ts";
import { TableModule } from "./table_module.ts";
import { bagCall, moduleBagForward } from "./_bag_call.ts";
import type { KeyedVectors } from "../vectors/keyed_vectors.ts";
import type { GradFor } from "./embedding.ts";

/**
 * Options of `EmbeddingBag`.
 *
 * @example
 * ```ts
 * import { EmbeddingBag, type EmbeddingBagModuleOptions } from "@tessera/embed";
 * const options: EmbeddingBagModuleOptions = { mode: "sum", includeLastOffset: true, seed: 0 };
 * const bag = new EmbeddingBag(8, 4, options);
 * const out = bag.forward([1, 2, 3, 4], { offsets: [0, 1, 4] }); // 2 bags; 4 ends the last
 * console.log(bag.toString(), out.shape); // EmbeddingBag(8, 4, mode=sum) [2, 4]
 * ```
 */
export interface EmbeddingBagModuleOptions extends ModuleOptions {
  /**
   * How bags are reduced.
   * @default "mean"
   */
  mode?: "sum" | "mean" | "max";
  /**
   * Offsets passed to `forward` have `B + 1` entries, the last equal to the number of indices.
   * @default false
   */
  includeLastOffset?: boolean;
}

/**
 * Offsets of 1-D indices: where each bag starts. A float32 tensor such as
 * `tensor([0, 3])` is accepted when its values are integers.
 *
 * @example
 * ```ts
 * import { type BagOffsets, EmbeddingBag, tensor } from "@tessera/embed";
 * const bag = new EmbeddingBag(10, 2, { mode: "sum", seed: 0 });
 * const offsets: BagOffsets[] = [[0, 3], new Int32Array([0, 3]), tensor([0, 3])];
 * console.log(offsets.map((o) => bag.forward([1, 2, 4, 5, 6], o).shape)); // [[2, 2], [2, 2], [2, 2]]
 * ```
 */
export type BagOffsets = Tensor | Int32Array | readonly number[];

/**
 * Per-call inputs of `EmbeddingBag.forward` and `grad`.
 *
 * @example
 * ```ts
 * import { type BagCallOptions, EmbeddingBag } from "@tessera/embed";
 * const bag = EmbeddingBag.fromPretrained([[1, 1], [2, 2], [3, 3]], { mode: "sum" });
 * const call: BagCallOptions = { offsets: [0, 1], perSampleWeights: [2, 1, 1] };
 * console.log(await bag.forward([0, 1, 2], call).toArray()); // [[2, 2], [5, 5]]
 * const { perSampleWeights } = bag.grad([[1, 0], [0, 1]], [0, 1, 2], call);
 * console.log(await perSampleWeights?.toArray()); // [1, 2, 3]
 * ```
 */
export interface BagCallOptions {
  /**
   * Start of each bag, for 1-D indices.
   * @default null
   */
  offsets?: BagOffsets | null;
  /**
   * One weight per index (mode `"sum"` only).
   * @default null
   */
  perSampleWeights?: Tensor<"float32"> | Float32Array | NestedArray | null;
}

/**
 * Options of `EmbeddingBag.fromPretrained`.
 *
 * @example
 * ```ts
 * import { EmbeddingBag, type EmbeddingBagPretrainedOptions } from "@tessera/embed";
 * const options: EmbeddingBagPretrainedOptions = { mode: "max", freeze: true };
 * const bag = EmbeddingBag.fromPretrained([[1, 4], [3, 2], [0, 0]], options);
 * console.log(await bag.forward([[0, 1]]).toArray(), bag.requiresGrad); // [[3, 4]] false
 * ```
 */
export interface EmbeddingBagPretrainedOptions extends
  Pick<
    EmbeddingBagModuleOptions,
    | "mode"
    | "includeLastOffset"
    | "paddingIdx"
    | "maxNorm"
    | "normType"
    | "scaleGradByFreq"
    | "sparse"
  > {
  /**
   * Whether the table stays fixed during training (`requiresGrad = false`).
   * @default true
   */
  freeze?: boolean;
}

const pretrainedSchema = z.strictObject({
  mode: z.enum(["sum", "mean", "max"]).optional(),
  includeLastOffset: z.boolean().optional(),
  paddingIdx: moduleShape.paddingIdx,
  maxNorm: moduleShape.maxNorm,
  normType: moduleShape.normType,
  scaleGradByFreq: moduleShape.scaleGradByFreq,
  sparse: moduleShape.sparse,
  freeze: z.boolean().optional(),
});

/** The per-call inputs of `forward` and `grad`. */
const DYNAMIC = ["offsets", "perSampleWeights"];

const schema = z.strictObject({
  ...moduleShape,
  mode: z.enum(["sum", "mean", "max"]).optional(),
  includeLastOffset: z.boolean().optional(),
});

/**
 * A `[numEmbeddings, embeddingDim]` table whose forward reduces bags of rows
 * in one fused kernel, without materialising the looked-up rows.
 *
 * @example
 * ```ts
 * import { EmbeddingBag } from "@tessera/embed";
 * const bag = new EmbeddingBag(1000, 32, { mode: "mean", seed: 0 });
 * console.log(bag.toString()); // EmbeddingBag(1000, 32, mode=mean)
 * const out = bag.forward([1, 2, 4, 5, 6], { offsets: [0, 3] });
 * console.log(out.shape); // [2, 32]
 * ```
 */
export class EmbeddingBag<S extends boolean = boolean> extends TableModule {
  /** The reduction. */
  readonly mode: "sum" | "mean" | "max";
  /** Whether offsets carry a final entry equal to the number of indices. */
  readonly includeLastOffset: boolean;

  /**
   * Creates the table, initialised and with the padding row zeroed.
   *
   * @param numEmbeddings Rows (`V`).
   * @param embeddingDim Width of each vector (`D`).
   * @param options Mode and the table options.
   * @throws {TypeError} For non-integer sizes, unknown options, or gradient options `"max"` does not support.
   * @throws {RangeError} For negative sizes or options out of range.
   */
  constructor(
    numEmbeddings: number,
    embeddingDim: number,
    options: EmbeddingBagModuleOptions & { sparse?: S } = {},
  ) {
    const who = constructorName("EmbeddingBag()");
    checkSizes(numEmbeddings, embeddingDim, who);
    const o = parseOptions(schema, options, who) as EmbeddingBagModuleOptions;
    const mode = o.mode ?? "mean";
    if (mode === "max" && (o.sparse || o.scaleGradByFreq)) {
      throw new TypeError(
        `${who}: ${o.sparse ? "sparse" : "scaleGradByFreq"} is not supported with mode "max"`,
      );
    }
    super(numEmbeddings, embeddingDim, o, true, who);
    this.mode = mode;
    this.includeLastOffset = o.includeLastOffset ?? false;
  }

  /**
   * A module around an existing table, used as is (no row is zeroed), like
   * PyTorch's `EmbeddingBag.from_pretrained`.
   *
   * @example
   * ```ts
   * import { EmbeddingBag } from "@tessera/embed";
   * const bag = EmbeddingBag.fromPretrained([[1, 2], [3, 4], [5, 6]], { mode: "sum" });
   * console.log(await bag.forward([[0, 2]]).toArray()); // [[6, 8]]
   * ```
   *
   * @param table The `[V, D]` float32 table, or a `KeyedVectors` from a loader (its `vectors`); a tensor is shared, not copied.
   * @param options `freeze` (default true) and the bag options.
   * @returns The module.
   * @throws {TypeError} For a table that is not 2-D float32 data, or unknown options.
   */
  static fromPretrained(
    table: Tensor | Float32Array | NestedArray | KeyedVectors,
    options: EmbeddingBagPretrainedOptions = {},
  ): EmbeddingBag {
    return fromPretrainedTable(
      table,
      options,
      pretrainedSchema,
      "EmbeddingBag.fromPretrained()",
      (V, D, o) => new EmbeddingBag(V, D, o),
    );
  }

  /**
   * Reduces bags: the rows of 2-D `indices`, or runs of 1-D `indices` at
   * `offsets`. As in PyTorch, `bag.forward(indices, offsets, perSampleWeights)`
   * works too.
   *
   * @param indices Ids in `[0, V)`.
   * @param options Offsets and per-sample weights, or the offsets themselves.
   * @param perSampleWeights Per-sample weights, when `options` is the offsets.
   * @returns A lazy `[B, D]` tensor.
   * @throws {TypeError} For wrong kinds or shapes, or an option that differs from the module's.
   * @throws {RangeError} For ids or offsets out of range.
   */
  forward(
    indices: IndicesLike,
    options: BagCallOptions | BagOffsets = {},
    perSampleWeights?: Tensor<"float32"> | Float32Array | NestedArray,
  ): Tensor<"float32"> {
    const who = "EmbeddingBag.forward()";
    const own = { ...this.#bagOptions(), maxNorm: this.maxNorm, normType: this.normType };
    const given = bagCall(options, perSampleWeights, who);
    const call = callOptions(given, own, DYNAMIC, this.numEmbeddings, who);
    // The gradient options too, so that backward() follows the module's.
    const grads = { scaleGradByFreq: this.scaleGradByFreq, sparse: this.sparse };
    return moduleBagForward(this.weight, indices, { ...own, ...grads, ...call });
  }

  /**
   * Gradients of `forward(indices, options)` given the gradient of its output.
   *
   * @param gradOutput `[B, D]` gradient of the output.
   * @param indices The forward's ids.
   * @param options The forward's offsets and per-sample weights, or its offsets.
   * @param perSampleWeights The forward's per-sample weights, when `options` is the offsets.
   * @returns The table's gradient (dense or row-sparse) and the per-sample weights' gradient.
   * @throws {TypeError} For wrong kinds or shapes, or an option that differs from the module's.
   * @throws {RangeError} For ids or offsets out of range.
   */
  grad(
    gradOutput: Tensor<"float32"> | NestedArray,
    indices: IndicesLike,
    options: BagCallOptions | BagOffsets = {},
    perSampleWeights?: Tensor<"float32"> | Float32Array | NestedArray,
  ): EmbeddingBagGrads<GradFor<S>> {
    const own = {
      ...this.#bagOptions(),
      scaleGradByFreq: this.scaleGradByFreq,
      sparse: this.sparse,
    };
    const given = bagCall(options, perSampleWeights, "EmbeddingBag.grad()");
    const call = callOptions(given, own, DYNAMIC, this.numEmbeddings, "EmbeddingBag.grad()");
    return embeddingBagGrad(gradOutput, this.weight, indices, {
      ...own,
      ...call,
    }) as EmbeddingBagGrads<
      GradFor<S>
    >;
  }

  #bagOptions() {
    return {
      mode: this.mode,
      includeLastOffset: this.includeLastOffset,
      paddingIdx: this.paddingIdx,
    };
  }

  /** PyTorch's repr, e.g. `EmbeddingBag(10, 3, mode=sum, padding_idx=0)`. */
  protected override extraRepr(): string {
    const p = this.reprParts();
    return `${this.numEmbeddings}, ${this.embeddingDim}${p.norms}${p.freq}, mode=${this.mode}${p.padding}`;
  }
}
