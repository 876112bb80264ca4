/**
 * `adam(options)`: `torch.optim.Adam` as a pure transformation.
 *
 * @module
 */

import type { AdamOptions } from "../adam.ts";
import type { GradientTransformation } from "./gradient_transformation.ts";
import { type AdamState, adamTransform } from "./_adam_tx.ts";

export type { AdamState } from "./_adam_tx.ts";

/**
 * Adam with `torch.optim.Adam`'s options and float32 arithmetic, as a pure
 * transformation (the bias correction is computed in float32 from the step
 * count tensor, where PyTorch uses float64 scalars). Dense gradients.
 *
 * @example
 * ```ts
 * import { adam, applyUpdates, tensor } from "@tessera/embed";
 * const tx = adam({ lr: 0.1 });
 * const params = [tensor([1, 2])];
 * const { updates, state } = tx.update([tensor([3, -4])], tx.init(params), params);
 * console.log(await applyUpdates(params, updates)[0].toArray(), await state.count.toArray()); // [0.9000006318092346, 2.09999942779541] 1
 * ```
 *
 * @param options `AdamOptions`.
 * @returns `{init, update}`.
 * @throws {TypeError} For unknown options.
 * @throws {RangeError} For `lr` ≤ 0, betas outside [0, 1), a negative `eps` or `weightDecay`.
 */
export function adam(options: AdamOptions = {}): GradientTransformation<AdamState> {
  return adamTransform("adam", options, false);
}
