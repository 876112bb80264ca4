/**
 * `ExponentialLR`, as `torch.optim.lr_scheduler.ExponentialLR`.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import { inRange, parseOptions } from "../../ops/_options.ts";
import type { Optimizer } from "../optimizer.ts";
import { LRScheduler } from "./lr_scheduler.ts";

/**
 * Options of `ExponentialLR`.
 *
 * @example
 * ```ts
 * import type { ExponentialLROptions } from "@tessera/embed";
 * const options: ExponentialLROptions = { gamma: 0.9 };
 * console.log(options.gamma); // 0.9
 * ```
 */
export interface ExponentialLROptions {
  /** Factor applied every epoch. */
  gamma: number;
}

const schema = z.strictObject({
  gamma: inRange(z.number(), (v) => v >= 0, "must be at least 0"),
});

/**
 * Multiplies each group's learning rate by `gamma` every epoch, as
 * PyTorch's `ExponentialLR`.
 *
 * @example
 * ```ts
 * import { ExponentialLR, SGD, tensor } from "@tessera/embed";
 * const w = tensor([1]);
 * w.requiresGrad = true;
 * const scheduler = new ExponentialLR(new SGD([w], { lr: 1 }), { gamma: 0.5 });
 * scheduler.step();
 * scheduler.step();
 * console.log(scheduler.getLastLr()); // [0.25]
 * ```
 */
export class ExponentialLR extends LRScheduler {
  /** Factor applied every epoch. */
  readonly gamma: number;

  /**
   * Takes the groups' current `lr` as their base and sets epoch 0.
   *
   * @param optimizer The optimizer to schedule.
   * @param options `gamma`.
   * @throws {TypeError} For a non-optimizer, a missing `gamma` or unknown options.
   * @throws {RangeError} For a negative `gamma`.
   */
  constructor(optimizer: Optimizer<{ lr: number }>, options: ExponentialLROptions) {
    const o = parseOptions(schema, options, "ExponentialLR()", { gamma: "a number at least 0" });
    super(optimizer, "ExponentialLR()");
    this.gamma = o.gamma;
    this.start();
  }

  /** PyTorch's recurrence: `lr * gamma` after epoch 0. */
  protected computeLr(current: readonly number[]): number[] {
    return this.lastEpoch === 0 ? [...current] : current.map((lr) => lr * this.gamma);
  }
}
