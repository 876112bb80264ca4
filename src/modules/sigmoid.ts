/**
 * `Sigmoid`: the logistic sigmoid, `1 / (1 + exp(-x))`, as a module (`torch.nn.Sigmoid`).
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { sigmoid } from "../ops/activations.ts";
import type { TensorLike } from "../ops/_dense_inputs.ts";
import { Module } from "./module.ts";

/**
 * The logistic sigmoid, `1 / (1 + exp(-x))`, elementwise; no parameters.
 *
 * @example
 * ```ts
 * import { Sigmoid } from "@tessera/embed";
 * const layer = new Sigmoid();
 * console.log(layer.toString(), await layer.forward([0]).toArray()); // Sigmoid() [0.5]
 * ```
 */
export class Sigmoid extends Module {
  /**
   * Applies `sigmoid` to every element.
   *
   * @param x A float32 tensor or plain data.
   * @returns A lazy tensor of the same shape.
   * @throws {TypeError} For an input that is not float data.
   */
  forward(x: TensorLike): Tensor<"float32"> {
    return sigmoid(x);
  }
}
