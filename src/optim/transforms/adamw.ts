/**
 * `adamw(options)`: `torch.optim.AdamW` as a pure transformation.
 *
 * @module
 */

import type { AdamOptions } from "../adam.ts";
import type { GradientTransformation } from "./gradient_transformation.ts";
import { type AdamState, adamTransform } from "./_adam_tx.ts";

/**
 * AdamW (decoupled weight decay, default 1e-2) as a pure transformation:
 * the update adds `-lr * weightDecay * params` to Adam's. Dense gradients.
 *
 * @example
 * ```ts
 * import { adamw, applyUpdates, tensor } from "@tessera/embed";
 * const tx = adamw({ lr: 0.1, weightDecay: 0.5 });
 * const params = [tensor([1, 1])];
 * const { updates } = tx.update([tensor([0, 0])], tx.init(params), params);
 * console.log(await applyUpdates(params, updates)[0].toArray()); // [0.949999988079071, 0.949999988079071]
 * ```
 *
 * @param options `AdamOptions` (`weightDecay` defaults to 1e-2).
 * @returns `{init, update}`.
 * @throws {TypeError} For unknown options.
 * @throws {RangeError} For `lr` ≤ 0, betas outside [0, 1), a negative `eps` or `weightDecay`.
 */
export function adamw(options: AdamOptions = {}): GradientTransformation<AdamState> {
  return adamTransform("adamw", options, true);
}
