/**
 * `AdamW`, as `torch.optim.AdamW` (1.13).
 *
 * @module
 */

import { Optimizer } from "./optimizer.ts";
import type { ParamsInput } from "./_params.ts";
import { defineRule } from "./_rule.ts";
import { adamRule } from "./_adam.ts";
import { adamDefaults, type AdamOptions } from "./adam.ts";

defineRule("AdamW", adamRule("AdamW", true));

/**
 * Adam with decoupled weight decay, as `torch.optim.AdamW`: each step first
 * scales the parameter by `1 - lr * weightDecay` (default `weightDecay`
 * 1e-2). Dense gradients only.
 *
 * @example
 * ```ts
 * import { AdamW, tensor } from "@tessera/embed";
 * const w = tensor([1, 1]);
 * w.requiresGrad = true;
 * const optimizer = new AdamW([w], { lr: 0.1, weightDecay: 0.5 });
 * w.grad = tensor([0, 0]);
 * await optimizer.step();
 * console.log(await w.toArray()); // [0.949999988079071, 0.949999988079071]
 * ```
 */
export class AdamW extends Optimizer<Required<AdamOptions>> {
  /**
   * Makes the optimizer over `params` (state is created by the first step).
   *
   * @param params Tensors requiring gradients (e.g. `model.parameters()`), or parameter groups.
   * @param options `AdamOptions` (`weightDecay` defaults to 1e-2).
   * @throws {TypeError} For an unknown option, a parameter given twice or not float32 requiring gradients.
   * @throws {RangeError} For `lr` ≤ 0, betas outside [0, 1), a negative `eps` or `weightDecay`.
   */
  constructor(params: ParamsInput<Required<AdamOptions>>, options: AdamOptions = {}) {
    super("AdamW", params, adamDefaults(options, "AdamW()", 1e-2));
  }
}
