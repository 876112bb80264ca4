/**
 * `Adam`, as `torch.optim.Adam` (1.13).
 *
 * @module
 */

import { parseOptions } from "../ops/_options.ts";
import { Optimizer } from "./optimizer.ts";
import type { ParamsInput } from "./_params.ts";
import { EXPECTED } from "./_schemas.ts";
import { defineRule } from "./_rule.ts";
import { type AdamGroup, adamRule, adamSchema } from "./_adam.ts";

/**
 * Options of `Adam` and `AdamW` (and of their parameter groups).
 *
 * @example
 * ```ts
 * import { Adam, type AdamOptions, tensor } from "@tessera/embed";
 * const w = tensor([1]);
 * w.requiresGrad = true;
 * const options: AdamOptions = { lr: 0.01, betas: [0.8, 0.99], amsgrad: true };
 * console.log(new Adam([w], options).paramGroups[0].betas); // [0.8, 0.99]
 * ```
 */
export interface AdamOptions {
  /** Learning rate. @default 1e-3 */
  lr?: number;
  /** Decay rates of the moment averages, each in [0, 1). @default [0.9, 0.999] */
  betas?: [number, number];
  /** Added to the denominator. @default 1e-8 */
  eps?: number;
  /** Weight decay (L2 for Adam; decoupled for AdamW, default 1e-2 there). @default 0 */
  weightDecay?: number;
  /** Use the maximum of past second moments (AMSGrad). @default false */
  amsgrad?: boolean;
  /** Maximize the objective instead of minimizing. @default false */
  maximize?: boolean;
}

defineRule("Adam", adamRule("Adam", false));

/** Defaults of the Adam family with the options given (checked). */
export function adamDefaults(options: AdamOptions, who: string, weightDecay: number): AdamGroup {
  const o = parseOptions(adamSchema, options, who, EXPECTED);
  return {
    lr: o.lr ?? 1e-3,
    betas: o.betas ?? [0.9, 0.999],
    eps: o.eps ?? 1e-8,
    weightDecay: o.weightDecay ?? weightDecay,
    amsgrad: o.amsgrad ?? false,
    maximize: o.maximize ?? false,
  };
}

/**
 * Adam, as `torch.optim.Adam`: moments, bias correction, L2 weight decay
 * added to the gradient, AMSGrad. Dense gradients only: a table read with
 * `sparse: true` needs `SparseAdam`.
 *
 * @example
 * ```ts
 * import { Adam, mseLoss, tensor } from "@tessera/embed";
 * const w = tensor([0, 0]);
 * w.requiresGrad = true;
 * const optimizer = new Adam([w], { lr: 0.1 });
 * for (let i = 0; i < 3; i++) {
 *   optimizer.zeroGrad();
 *   await mseLoss(w, [1, -1]).backward();
 *   await optimizer.step();
 * }
 * console.log(Array.from(await w.data(), (x) => x.toFixed(2))); // ["0.30", "-0.30"]
 * ```
 */
export class Adam extends Optimizer<Required<AdamOptions>> {
  /**
   * Makes the optimizer over `params` (state is created by the first step).
   *
   * @param params Tensors requiring gradients (e.g. `model.parameters()`), or parameter groups.
   * @param options The options above.
   * @throws {TypeError} For an unknown option, a parameter given twice or not float32 requiring gradients.
   * @throws {RangeError} For `lr` ≤ 0, betas outside [0, 1), a negative `eps` or `weightDecay`.
   */
  constructor(params: ParamsInput<Required<AdamOptions>>, options: AdamOptions = {}) {
    super("Adam", params, adamDefaults(options, "Adam()", 0));
  }
}
