/**
 * `ReLU`: the rectified linear unit, `max(x, 0)`, as a module (`torch.nn.ReLU`).
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { relu } from "../ops/activations.ts";
import type { TensorLike } from "../ops/_dense_inputs.ts";
import { Module } from "./module.ts";

/**
 * The rectified linear unit, `max(x, 0)`, elementwise; no parameters.
 *
 * @example
 * ```ts
 * import { ReLU } from "@tessera/embed";
 * const layer = new ReLU();
 * console.log(layer.toString(), await layer.forward([[-1, 0, 2]]).toArray()); // ReLU() [[0, 0, 2]]
 * ```
 */
export class ReLU extends Module {
  /**
   * Applies `relu` to every element.
   *
   * @param x A float32 tensor or plain data.
   * @returns A lazy tensor of the same shape.
   * @throws {TypeError} For an input that is not float data.
   */
  forward(x: TensorLike): Tensor<"float32"> {
    return relu(x);
  }
}
