/**
 * Option schemas shared by the optimizers: each option optional (a group
 * may override any), ranges as PyTorch checks them except `lr`, which must
 * be positive (PyTorch accepts 0).
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import { inRange } from "../ops/_options.ts";

/** A learning rate: positive. */
export const lr = inRange(z.number(), (v) => v > 0, "must be positive").optional();
/** A coefficient at least 0 (momentum, dampening, weight decay, eps, lr decay). */
export const nonNegative = inRange(z.number(), (v) => v >= 0, "must be at least 0").optional();
/** Adam's betas (their range is checked by `checkBetas`, which names the bad one). */
export const betas = z.tuple([z.number(), z.number()]).optional();

/** Each beta in [0, 1). */
export function checkBetas(betas: readonly number[], who: string): void {
  betas.forEach((b, i) => {
    if (!(b >= 0 && b < 1)) {
      throw new RangeError(`${who}: betas[${i}] is ${b} but must be in [0, 1)`);
    }
  });
}
/** A flag. */
export const flag = z.boolean().optional();

/** What each option must be, for messages. */
export const EXPECTED: Readonly<Record<string, string>> = {
  lr: "a positive number",
  momentum: "a number at least 0",
  dampening: "a number at least 0",
  weightDecay: "a number at least 0",
  nesterov: "a boolean",
  maximize: "a boolean",
  betas: "a pair of numbers in [0, 1)",
  eps: "a number at least 0",
  amsgrad: "a boolean",
  lrDecay: "a number at least 0",
  initialAccumulatorValue: "a number at least 0",
  weightDecayMode: '"l2" or "decoupled"',
};
