/**
 * `CosineAnnealingLR`, as `torch.optim.lr_scheduler.CosineAnnealingLR`.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import { inRange, parseOptions } from "../../ops/_options.ts";
import type { Optimizer } from "../optimizer.ts";
import { LRScheduler } from "./lr_scheduler.ts";

/**
 * Options of `CosineAnnealingLR`.
 *
 * @example
 * ```ts
 * import type { CosineAnnealingLROptions } from "@tessera/embed";
 * const options: CosineAnnealingLROptions = { tMax: 100, etaMin: 1e-5 };
 * console.log(options.tMax); // 100
 * ```
 */
export interface CosineAnnealingLROptions {
  /** Epochs of a half cosine period (PyTorch's `T_max`, a positive integer). */
  tMax: number;
  /** The minimum learning rate. @default 0 */
  etaMin?: number;
}

const schema = z.strictObject({
  tMax: inRange(z.number().int(), (v) => v > 0, "must be positive"),
  etaMin: inRange(z.number(), (v) => v >= 0, "must be at least 0").optional(),
});

/**
 * Anneals each group's learning rate from its base to `etaMin` along a
 * cosine over `tMax` epochs (and back up after, as PyTorch's recurrence
 * does), as PyTorch's `CosineAnnealingLR`.
 *
 * @example
 * ```ts
 * import { CosineAnnealingLR, SGD, tensor } from "@tessera/embed";
 * const w = tensor([1]);
 * w.requiresGrad = true;
 * const scheduler = new CosineAnnealingLR(new SGD([w], { lr: 1 }), { tMax: 2 });
 * scheduler.step();
 * console.log(scheduler.getLastLr()[0].toFixed(6)); // "0.500000"
 * scheduler.step();
 * console.log(scheduler.getLastLr()[0].toFixed(6)); // "0.000000"
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Epochs of a half period. */
  readonly tMax: number;
  /** The minimum learning rate. */
  readonly etaMin: number;

  /**
   * Takes the groups' current `lr` as their base and sets epoch 0.
   *
   * @param optimizer The optimizer to schedule.
   * @param options `tMax` and `etaMin`.
   * @throws {TypeError} For a non-optimizer, a missing `tMax` or unknown options.
   * @throws {RangeError} For `tMax` < 1 or a negative `etaMin`.
   */
  constructor(optimizer: Optimizer<{ lr: number }>, options: CosineAnnealingLROptions) {
    const o = parseOptions(schema, options, "CosineAnnealingLR()", {
      tMax: "a positive integer",
      etaMin: "a number at least 0",
    });
    super(optimizer, "CosineAnnealingLR()");
    this.tMax = o.tMax;
    this.etaMin = o.etaMin ?? 0;
    this.start();
  }

  /** PyTorch's recurrence (1.13 `get_lr`). */
  protected computeLr(current: readonly number[]): number[] {
    const e = this.lastEpoch, T = this.tMax, eta = this.etaMin;
    if (e === 0) return [...current];
    if ((e - 1 - T) % (2 * T) === 0) {
      return current.map((lr, i) => lr + (this.baseLrs[i] - eta) * (1 - Math.cos(Math.PI / T)) / 2);
    }
    return current.map((lr) =>
      (1 + Math.cos(Math.PI * e / T)) / (1 + Math.cos(Math.PI * (e - 1) / T)) * (lr - eta) + eta
    );
  }
}
