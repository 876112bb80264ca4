/**
 * `TableModule`: what `Embedding` and `EmbeddingBag` share: the table, its
 * gradient options, and the Keras extras (regularisers and constraint).
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { toTensor } from "../ops/_inputs.ts";
import type { Regularizer } from "./regularizers.ts";
import type { Constraint } from "./constraints.ts";
import { constrain } from "./_constrained.ts";
import { type ModuleOptions, moduleState, pyFloat } from "./_module.ts";
import { Module } from "./module.ts";

/**
 * A module that owns a `[V, D]` table. See `Embedding` and `EmbeddingBag`.
 *
 * @example
 * ```ts
 * import { Embedding, l2, TableModule } from "@tessera/embed";
 * const e: TableModule = new Embedding(5, 2, { embeddingsRegularizer: l2(0.01), seed: 0 });
 * console.log(e.parameters().length, e.regularizationLoss() > 0); // 1 true
 * ```
 */
export abstract class TableModule extends Module {
  /** Rows of the table (`V`). */
  readonly numEmbeddings: number;
  /** Width of each row (`D`). */
  readonly embeddingDim: number;
  /** The table, `[V, D]` float32. */
  readonly weight: Tensor<"float32">;
  /** Row excluded from gradients (normalised to `[0, V)`), or null. */
  readonly paddingIdx: number | null;
  /** Max-norm bound, or null. */
  readonly maxNorm: number | null;
  /** The p of the max-norm's p-norm. */
  readonly normType: number;
  /** Whether gradients are divided by row frequency. */
  readonly scaleGradByFreq: boolean;
  /** Whether gradients are row-sparse. */
  readonly sparse: boolean;
  /** Penalty on the table (Keras `embeddings_regularizer`). */
  readonly embeddingsRegularizer: Regularizer | null;
  /** Penalty on outputs (Keras `activity_regularizer`). */
  readonly activityRegularizer: Regularizer | null;
  /** Constraint on the table (Keras `embeddings_constraint`). */
  readonly embeddingsConstraint: Constraint | null;

  /** Validates options and builds or adopts the table. */
  protected constructor(V: number, D: number, o: ModuleOptions, zeroPadding: boolean, who: string) {
    const s = moduleState(V, D, o, zeroPadding, who);
    super();
    this.numEmbeddings = V;
    this.embeddingDim = D;
    this.weight = s.weight;
    this.paddingIdx = s.paddingIdx;
    this.maxNorm = s.maxNorm;
    this.normType = s.normType;
    this.scaleGradByFreq = o.scaleGradByFreq ?? false;
    this.sparse = o.sparse ?? false;
    this.registerParameter("weight", this.weight);
    this.weight.requiresGrad = true;
    this.embeddingsRegularizer = o.embeddingsRegularizer ?? null;
    this.activityRegularizer = o.activityRegularizer ?? null;
    this.embeddingsConstraint = o.embeddingsConstraint ?? null;
    if (this.embeddingsConstraint !== null) constrain(this.weight, this.embeddingsConstraint);
  }

  /**
   * Whether the table is trained: `weight.requiresGrad` (false for a frozen
   * pretrained table, which `parameters()` then leaves out).
   */
  get requiresGrad(): boolean {
    return this.weight.requiresGrad;
  }

  set requiresGrad(value: boolean) {
    this.weight.requiresGrad = value;
  }

  /** The table regulariser's penalty (0 without one), to add to the loss. */
  regularizationLoss(): number {
    return this.embeddingsRegularizer?.penalty(this.weight.dataSync()) ?? 0;
  }

  /** The activity regulariser's penalty on an output, divided by its batch size (Keras' rule). */
  activityLoss(output: Tensor<"float32">): number {
    const out = toTensor(output, "float32", "TableModule.activityLoss()", "output");
    if (!this.activityRegularizer) return 0;
    return this.activityRegularizer.penalty(out.dataSync()) / Math.max(1, out.shape[0] ?? 1);
  }

  /**
   * Applies the table constraint in place now. Optimizer steps that update
   * the table already apply it (in their own plan), as Keras does after each
   * update; this is for a table changed by other means.
   */
  applyConstraint(): void {
    this.embeddingsConstraint?.apply(this.weight.dataSync(), this.numEmbeddings, this.embeddingDim);
  }

  /** The options PyTorch's repr shows for the table, in its order. */
  protected reprParts(): { padding: string; norms: string; freq: string } {
    return {
      padding: this.paddingIdx !== null ? `, padding_idx=${this.paddingIdx}` : "",
      norms: (this.maxNorm !== null ? `, max_norm=${pyFloat(this.maxNorm)}` : "") +
        (this.normType !== 2 ? `, norm_type=${pyFloat(this.normType)}` : ""),
      freq: this.scaleGradByFreq ? ", scale_grad_by_freq=True" : "",
    };
  }
}
