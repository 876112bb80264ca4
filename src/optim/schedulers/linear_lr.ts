/**
 * `LinearLR`, as `torch.optim.lr_scheduler.LinearLR` (warm-up).
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import { inRange, parseOptions } from "../../ops/_options.ts";
import type { Optimizer } from "../optimizer.ts";
import { LRScheduler } from "./lr_scheduler.ts";

/**
 * Options of `LinearLR`.
 *
 * @example
 * ```ts
 * import type { LinearLROptions } from "@tessera/embed";
 * const options: LinearLROptions = { startFactor: 0.1, totalIters: 10 };
 * console.log(options.totalIters); // 10
 * ```
 */
export interface LinearLROptions {
  /** Factor of the base learning rate at epoch 0, in (0, 1]. @default 1/3 */
  startFactor?: number;
  /** Factor reached at `totalIters`, in [0, 1]. @default 1 */
  endFactor?: number;
  /** Epochs of the ramp (a non-negative integer). @default 5 */
  totalIters?: number;
}

const schema = z.strictObject({
  startFactor: inRange(z.number(), (v) => v > 0 && v <= 1, "must be in (0, 1]").optional(),
  endFactor: inRange(z.number(), (v) => v >= 0 && v <= 1, "must be in [0, 1]").optional(),
  totalIters: inRange(z.number().int(), (v) => v >= 0, "must be at least 0").optional(),
});

/**
 * Ramps each group's learning rate linearly from `startFactor` to
 * `endFactor` times its base over `totalIters` epochs (a warm-up), as
 * PyTorch's `LinearLR`.
 *
 * @example
 * ```ts
 * import { LinearLR, SGD, tensor } from "@tessera/embed";
 * const w = tensor([1]);
 * w.requiresGrad = true;
 * const scheduler = new LinearLR(new SGD([w], { lr: 1 }), { startFactor: 0.5, totalIters: 2 });
 * const lrs = [scheduler.getLastLr()[0]];
 * scheduler.step();
 * lrs.push(scheduler.getLastLr()[0]);
 * scheduler.step();
 * lrs.push(scheduler.getLastLr()[0]);
 * console.log(lrs); // [0.5, 0.75, 1]
 * ```
 */
export class LinearLR extends LRScheduler {
  /** Factor at epoch 0. */
  readonly startFactor: number;
  /** Factor at `totalIters`. */
  readonly endFactor: number;
  /** Epochs of the ramp. */
  readonly totalIters: number;

  /**
   * Takes the groups' current `lr` as their base and sets epoch 0.
   *
   * @param optimizer The optimizer to schedule.
   * @param options `startFactor`, `endFactor`, `totalIters`.
   * @throws {TypeError} For a non-optimizer or unknown options.
   * @throws {RangeError} For factors out of range or negative `totalIters`.
   */
  constructor(optimizer: Optimizer<{ lr: number }>, options: LinearLROptions = {}) {
    const o = parseOptions(schema, options, "LinearLR()", {
      startFactor: "a number in (0, 1]",
      endFactor: "a number in [0, 1]",
      totalIters: "a non-negative integer",
    });
    super(optimizer, "LinearLR()");
    this.startFactor = o.startFactor ?? 1 / 3;
    this.endFactor = o.endFactor ?? 1;
    this.totalIters = o.totalIters ?? 5;
    this.start();
  }

  /** PyTorch's recurrence (1.13 `get_lr`). */
  protected computeLr(current: readonly number[]): number[] {
    const e = this.lastEpoch, s = this.startFactor, d = this.endFactor - s, n = this.totalIters;
    if (e === 0) return current.map((lr) => lr * s);
    if (e > n) return [...current];
    return current.map((lr) => lr * (1 + d / (n * s + (e - 1) * d)));
  }
}
