/**
 * `Flatten`: merges a range of dims, as a module (`torch.nn.Flatten`).
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import type { Tensor } from "../tensor/tensor.ts";
import { flatten } from "../ops/shape.ts";
import type { TensorLike } from "../ops/_dense_inputs.ts";
import { parseOptions } from "../ops/_options.ts";
import { Module } from "./module.ts";

/**
 * Options of `Flatten` (PyTorch's `nn.Flatten` defaults, which keep the batch dim).
 *
 * @example
 * ```ts
 * import { Flatten, type FlattenModuleOptions } from "@tessera/embed";
 * const options: FlattenModuleOptions = { startDim: 0 };
 * console.log(new Flatten(options).forward([[1, 2], [3, 4]]).shape); // [4]
 * ```
 */
export interface FlattenModuleOptions {
  /** First dim to merge. @default 1 */
  startDim?: number;
  /** Last dim to merge (inclusive; negative counts from the end). @default -1 */
  endDim?: number;
}

const schema = z.strictObject({
  startDim: z.number().int().optional(),
  endDim: z.number().int().optional(),
});

/**
 * Merges dims `startDim..endDim` into one; by default every dim after the
 * batch dim (`[B, L, D]` → `[B, L·D]`, Keras' `Flatten`).
 *
 * @example
 * ```ts
 * import { Flatten, zeros } from "@tessera/embed";
 * const layer = new Flatten();
 * console.log(layer.toString(), layer.forward(zeros([2, 3, 4])).shape); // Flatten(start_dim=1, end_dim=-1) [2, 12]
 * ```
 */
export class Flatten extends Module {
  /** First dim merged. */
  readonly startDim: number;
  /** Last dim merged (inclusive). */
  readonly endDim: number;

  /**
   * Creates the layer.
   *
   * @param options `startDim` (default 1) and `endDim` (default -1).
   * @throws {TypeError} For unknown options or non-integer dims.
   */
  constructor(options: FlattenModuleOptions = {}) {
    super();
    const o = parseOptions(schema, options, "Flatten()");
    this.startDim = o.startDim ?? 1;
    this.endDim = o.endDim ?? -1;
  }

  /**
   * Flattens `x`.
   *
   * @param x A float32 tensor or plain data.
   * @returns A lazy tensor with dims `startDim..endDim` merged.
   * @throws {RangeError} For a dim out of range for `x`, or `startDim` after `endDim`.
   */
  forward(x: TensorLike): Tensor<"float32"> {
    return flatten<Tensor<"float32">>(x, { startDim: this.startDim, endDim: this.endDim });
  }

  /** `start_dim=1, end_dim=-1`. */
  protected override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
