/**
 * Options of `compile`, `fit`, `evaluate` and `predict` (Keras 2's names
 * in camelCase, Keras' defaults).
 *
 * @module
 */

import type { Optimizer } from "../optim/optimizer.ts";
import type { Callback } from "./history.ts";
import type { LossFunction, LossName } from "./_losses.ts";
import type { Samples } from "./_data.ts";
import type { OptimizerName } from "./_optimizer.ts";

export type { LossFunction, LossName, OptimizerName, Samples };

/**
 * Options of `compile`.
 *
 * @example
 * ```ts
 * import type { CompileOptions } from "@tessera/embed";
 * const options: CompileOptions = { optimizer: "adam", loss: "binaryCrossentropy", metrics: ["accuracy"] };
 * console.log(options.loss); // "binaryCrossentropy"
 * ```
 */
export interface CompileOptions {
  /** `"adam"` (Keras': lr 1e-3, ε 1e-7), `"sgd"` (lr 0.01), or an `Optimizer` over `model.parameters()`. */
  optimizer: OptimizerName | Optimizer<{ lr: number }>;
  /** A Keras loss name, or `(yTrue, yPred) => loss` (its mean is minimised). */
  loss: LossName | LossFunction;
  /** `["accuracy"]` (or `["acc"]`, logged under that name), or none. @default [] */
  metrics?: ("accuracy" | "acc")[];
}

/**
 * Options of `fit`.
 *
 * @example
 * ```ts
 * import type { FitOptions } from "@tessera/embed";
 * const options: FitOptions = { epochs: 50, batchSize: 32, verbose: 0, seed: 1 };
 * console.log(options.epochs); // 50
 * ```
 */
export interface FitOptions {
  /** Passes over the data. @default 1 */
  epochs?: number;
  /** Samples per gradient step. @default 32 */
  batchSize?: number;
  /** Shuffle the training samples before each epoch. @default true */
  shuffle?: boolean;
  /** Fraction of the samples, taken from the end before shuffling, held out for validation. @default 0 */
  validationSplit?: number;
  /** `[x, y]` to evaluate after each epoch (overrides `validationSplit`). @default undefined */
  validationData?: [Samples, Samples];
  /** 0 silent, 1 progress bar (one line per epoch when stdout is not a terminal), 2 one line per epoch. @default 1 */
  verbose?: 0 | 1 | 2;
  /** Hooks called during training. @default [] */
  callbacks?: Callback[];
  /** Seed of the shuffling (the global generator when absent). @default undefined */
  seed?: number;
}

/**
 * Options of `evaluate`.
 *
 * @example
 * ```ts
 * import type { EvaluateOptions } from "@tessera/embed";
 * const options: EvaluateOptions = { batchSize: 64, verbose: 0 };
 * console.log(options.batchSize); // 64
 * ```
 */
export interface EvaluateOptions {
  /** Samples per batch. @default 32 */
  batchSize?: number;
  /** 0 silent, 1 progress bar, 2 one line. @default 1 */
  verbose?: 0 | 1 | 2;
}

/**
 * Options of `predict`.
 *
 * @example
 * ```ts
 * import type { PredictOptions } from "@tessera/embed";
 * const options: PredictOptions = { batchSize: 128 };
 * console.log(options.batchSize); // 128
 * ```
 */
export interface PredictOptions {
  /** Samples per batch. @default 32 */
  batchSize?: number;
}
