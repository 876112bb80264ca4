/**
 * The optimizer `compile` resolves: Keras' `"adam"` (lr 1e-3, ε 1e-7 added
 * to √v before bias correction, as Keras and TensorFlow do) and `"sgd"`
 * (lr 0.01), or an `Optimizer` the caller made.
 */

import type { Tensor } from "../tensor/tensor.ts";
import { describe } from "../tensor/_nested.ts";
import { Adam } from "../optim/adam.ts";
import { SGD } from "../optim/sgd.ts";
import { Optimizer } from "../optim/optimizer.ts";

/** What `fit` needs of an optimizer. */
export interface Stepper {
  zeroGrad(): void;
  step(): Promise<void>;
}

/** The optimizer names `compile` accepts. */
export type OptimizerName = "adam" | "sgd";

/**
 * Keras' Adam over PyTorch's: Keras divides by `√v + ε` and then corrects
 * the bias of `v`, PyTorch divides by `√v / √(1 − β₂ᵗ) + ε`; both agree
 * when PyTorch's ε is `ε / √(1 − β₂ᵗ)`, set before each step.
 */
class KerasAdam implements Stepper {
  readonly #adam: Adam;
  #t = 0;
  constructor(params: Tensor<"float32">[]) {
    this.#adam = new Adam(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-7 });
  }
  zeroGrad(): void {
    this.#adam.zeroGrad();
  }
  async step(): Promise<void> {
    const t = this.#t + 1;
    const group = this.#adam.paramGroups[0];
    group.eps = 1e-7 / Math.sqrt(1 - 0.999 ** t);
    await this.#adam.step();
    this.#t = t;
  }
}

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
