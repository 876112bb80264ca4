/**
 * `StepLR`, as `torch.optim.lr_scheduler.StepLR`.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import { inRange, parseOptions } from "../../ops/_options.ts";
import type { Optimizer } from "../optimizer.ts";
import { LRScheduler } from "./lr_scheduler.ts";

/**
 * Options of `StepLR`.
 *
 * @example
 * ```ts
 * import type { StepLROptions } from "@tessera/embed";
 * const options: StepLROptions = { stepSize: 30, gamma: 0.1 };
 * console.log(options.stepSize); // 30
 * ```
 */
export interface StepLROptions {
  /** Epochs between decays (a positive integer). */
  stepSize: number;
  /** Factor of each decay. @default 0.1 */
  gamma?: number;
}

const schema = z.strictObject({
  stepSize: inRange(z.number().int(), (v) => v > 0, "must be positive"),
  gamma: inRange(z.number(), (v) => v >= 0, "must be at least 0").optional(),
});

/**
 * Multiplies each group's learning rate by `gamma` every `stepSize`
 * epochs, as PyTorch's `StepLR`.
 *
 * @example
 * ```ts
 * import { SGD, StepLR, tensor } from "@tessera/embed";
 * const w = tensor([1]);
 * w.requiresGrad = true;
 * const scheduler = new StepLR(new SGD([w], { lr: 1 }), { stepSize: 2, gamma: 0.5 });
 * const lrs = [];
 * for (let epoch = 0; epoch < 5; epoch++) {
 *   lrs.push(scheduler.getLastLr()[0]);
 *   scheduler.step();
 * }
 * console.log(lrs); // [1, 1, 0.5, 0.5, 0.25]
 * ```
 */
export class StepLR extends LRScheduler {
  /** Epochs between decays. */
  readonly stepSize: number;
  /** Factor of each decay. */
  readonly gamma: number;

  /**
   * Takes the groups' current `lr` as their base and sets epoch 0.
   *
   * @param optimizer The optimizer to schedule.
   * @param options `stepSize` and `gamma`.
   * @throws {TypeError} For a non-optimizer, a missing `stepSize` or unknown options.
   * @throws {RangeError} For `stepSize` < 1 or a negative `gamma`.
   */
  constructor(optimizer: Optimizer<{ lr: number }>, options: StepLROptions) {
    const o = parseOptions(schema, options, "StepLR()", {
      stepSize: "a positive integer",
      gamma: "a number at least 0",
    });
    super(optimizer, "StepLR()");
    this.stepSize = o.stepSize;
    this.gamma = o.gamma ?? 0.1;
    this.start();
  }

  /** PyTorch's recurrence: decay at every multiple of `stepSize`. */
  protected computeLr(current: readonly number[]): number[] {
    const e = this.lastEpoch;
    if (e === 0 || e % this.stepSize !== 0) return [...current];
    return current.map((lr) => lr * this.gamma);
  }
}
