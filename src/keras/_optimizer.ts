/**
 * The optimizer `compile` resolves: Keras' `"adam"` (lr 1e-3, ε 1e-7 added
 * to √v before bias correction, as Keras and TensorFlow do) and `"sgd"`
 * (lr 0.01), or an `Optimizer` the caller made.
 */

import type { Tensor } from "../tensor/tensor.ts";
import { describe } from "../tensor/_nested.ts";
import { KerasAdam } from "./_keras_adam.ts";
import { SGD } from "../optim/sgd.ts";
import { Optimizer } from "../optim/optimizer.ts";

/** What `fit` needs of an optimizer. */
export interface Stepper {
  zeroGrad(): void;
  step(): Promise<void>;
}

/** The optimizer names `compile` accepts. */
export type OptimizerName = "adam" | "sgd";

/** A `Stepper` for `compile`'s `optimizer` option, or throws naming `who`. */
export function resolveOptimizer(
  optimizer: unknown,
  params: () => Tensor<"float32">[],
  who: string,
): Stepper {
  if (optimizer instanceof Optimizer) {
    return { zeroGrad: () => optimizer.zeroGrad(), step: () => optimizer.step() };
  }
  if (optimizer === "adam") return new KerasAdam(params());
  if (optimizer === "sgd") return new SGD(params(), { lr: 0.01 });
  throw new TypeError(
    `${who}: optimizer is ${describe(optimizer)} but must be "adam", "sgd" or an Optimizer`,
  );
}
