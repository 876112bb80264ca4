/**
 * `GELU`: the Gaussian error linear unit as a module (`torch.nn.GELU`).
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import type { Tensor } from "../tensor/tensor.ts";
import { gelu, type GeluOptions } from "../ops/activations.ts";
import type { TensorLike } from "../ops/_dense_inputs.ts";
import { parseOptions } from "../ops/_options.ts";
import { Module } from "./module.ts";

const schema = z.strictObject({ approximate: z.enum(["none", "tanh"]).optional() });

/**
 * GELU, exact (`x·Φ(x)`) or with PyTorch's tanh approximation; no parameters.
 *
 * @example
 * ```ts
 * import { GELU } from "@tessera/embed";
 * const layer = new GELU({ approximate: "tanh" });
 * console.log(layer.toString(), await layer.forward([0]).toArray()); // GELU(approximate='tanh') [0]
 * ```
 */
export class GELU extends Module {
  /** `"none"` (exact) or `"tanh"`. */
  readonly approximate: "none" | "tanh";

  /**
   * Creates the layer.
   *
   * @param options `approximate` (default `"none"`).
   * @throws {TypeError} For an unknown option or `approximate`.
   */
  constructor(options: GeluOptions = {}) {
    super();
    this.approximate = parseOptions(schema, options, "GELU()").approximate ?? "none";
  }

  /**
   * Applies `gelu` to every element.
   *
   * @param x A float32 tensor or plain data.
   * @returns A lazy tensor of the same shape.
   * @throws {TypeError} For an input that is not float data.
   */
  forward(x: TensorLike): Tensor<"float32"> {
    return gelu(x, { approximate: this.approximate });
  }

  /** `approximate='none'`. */
  protected override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}
