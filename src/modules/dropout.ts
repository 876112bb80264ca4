/**
 * `Dropout`: `dropout` as a module (`torch.nn.Dropout`), active in training mode only.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import type { Tensor } from "../tensor/tensor.ts";
import { generatorFor, Random } from "../tensor/random.ts";
import type { TensorLike } from "../ops/_dense_inputs.ts";
import { parseOptions, seedSchema } from "../ops/_options.ts";
import { applyDropout, checkP } from "../ops/_dropout.ts";
import { pyFloat } from "./_module.ts";
import { Module } from "./module.ts";

/**
 * Options of `Dropout`.
 *
 * @example
 * ```ts
 * import { Dropout, type DropoutModuleOptions } from "@tessera/embed";
 * const options: DropoutModuleOptions = { seed: 0 };
 * console.log(new Dropout(0.1, options).toString()); // Dropout(p=0.1, inplace=False)
 * ```
 */
export interface DropoutModuleOptions {
  /**
   * Seed of the module's own generator, drawn from call after call (the
   * global generator when absent).
   * @default undefined
   */
  seed?: number;
}

const schema = z.strictObject({ seed: seedSchema.optional() });

/**
 * In training mode (the default, `train()`), zeroes each element with
 * probability `p` and scales the rest by `1/(1-p)`; in `eval()` mode,
 * returns its input. The masks come from the project's generator, not
 * PyTorch's (see `dropout`).
 *
 * @example
 * ```ts
 * import { Dropout, ones } from "@tessera/embed";
 * const layer = new Dropout(0.5, { seed: 0 });
 * const y = await layer.forward(ones([8])).data();
 * console.log(y.every((v) => v === 0 || v === 2)); // true
 * layer.eval();
 * console.log(await layer.forward([1, 2]).toArray()); // [1, 2]
 * ```
 */
export class Dropout extends Module {
  /** Probability of zeroing an element. */
  readonly p: number;
  #random: Random | undefined;

  /**
   * Creates the layer.
   *
   * @param p Probability of zeroing an element, in `[0, 1]` (default 0.5).
   * @param options `seed`.
   * @throws {TypeError} For a non-number `p` or unknown options.
   * @throws {RangeError} For `p` outside `[0, 1]`.
   */
  constructor(p = 0.5, options: DropoutModuleOptions = {}) {
    super();
    checkP(p, "Dropout()");
    const { seed } = parseOptions(schema, options, "Dropout()");
    this.p = p;
    this.#random = seed === undefined ? undefined : new Random(seed);
  }

  /**
   * Drops elements in training mode; the identity in eval mode.
   *
   * @param x A float32 tensor or plain data.
   * @returns A lazy tensor of the shape of `x`.
   * @throws {TypeError} For non-float input, or training-mode dropout inside `jit`.
   */
  forward(x: TensorLike): Tensor<"float32"> {
    const g = () => this.#random ?? generatorFor(undefined);
    return applyDropout(x, this.p, this.training, g, "Dropout.forward()");
  }

  /** `p=0.5, inplace=False`. */
  protected override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }
}
