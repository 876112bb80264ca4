/**
 * `Tanh`: the hyperbolic tangent, as a module (`torch.nn.Tanh`).
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { tanh } from "../ops/activations.ts";
import type { TensorLike } from "../ops/_dense_inputs.ts";
import { Module } from "./module.ts";

/**
 * The hyperbolic tangent, elementwise; no parameters.
 *
 * @example
 * ```ts
 * import { Tanh } from "@tessera/embed";
 * const layer = new Tanh();
 * console.log(layer.toString(), await layer.forward([0]).toArray()); // Tanh() [0]
 * ```
 */
export class Tanh extends Module {
  /**
   * Applies `tanh` to every element.
   *
   * @param x A float32 tensor or plain data.
   * @returns A lazy tensor of the same shape.
   * @throws {TypeError} For an input that is not float data.
   */
  forward(x: TensorLike): Tensor<"float32"> {
    return tanh(x);
  }
}
