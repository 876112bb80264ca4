/**
 * `mseLoss` and `l1Loss`: PyTorch's `F.mse_loss` and `F.l1_loss` (the
 * target broadcast to the input, as PyTorch does with a warning).
 *
 * @example
 * ```ts
 * import { l1Loss, mseLoss } from "@tessera/embed";
 * console.log(mseLoss([1, 2, 3], [1, 0, 0]).item(), l1Loss([1, 2, 3], [1, 0, 0]).item()); // 4.333333492279053 1.6666666269302368
 * ```
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { ew } from "../graph/_build.ts";
import { broadcastShapes } from "../graph/_shape_text.ts";
import { floatNode, fmt, type TensorLike } from "../ops/_dense_inputs.ts";
import { lossOptions, out, reduced, type Reduction } from "./_common.ts";
import { regressionSchema } from "../ops/_dense_options.ts";

/** Options of `mseLoss` and `l1Loss`. */
export interface RegressionLossOptions {
  /** How per-element losses combine: `"mean"`, `"sum"` or `"none"`. @default "mean" */
  reduction?: Reduction;
}

function loss(
  name: string,
  prog: string,
  input: TensorLike,
  target: TensorLike,
  options?: RegressionLossOptions,
) {
  const who = `${name}()`;
  const o = lossOptions(regressionSchema, options, who);
  const x = floatNode(input, who, "input"), y = floatNode(target, who, "target");
  if (broadcastShapes([x.shape, y.shape]) === undefined) {
    throw new TypeError(
      `${who}: input ${fmt(x.shape)} and target ${fmt(y.shape)} do not broadcast`,
    );
  }
  return out(reduced(ew(prog, ew("sub x0 x1", x, y)), o.reduction ?? "mean"));
}

/**
 * The squared error `(input - target)²`, reduced.
 *
 * @param input Predictions. @param target Targets. @param options `reduction`.
 * @returns The loss. @throws {TypeError} For shapes that do not broadcast.
 */
export function mseLoss(
  input: TensorLike,
  target: TensorLike,
  options?: RegressionLossOptions,
): Tensor<"float32"> {
  return loss("mseLoss", "square x0", input, target, options);
}

/**
 * The absolute error `|input - target|`, reduced.
 *
 * @param input Predictions. @param target Targets. @param options `reduction`.
 * @returns The loss. @throws {TypeError} For shapes that do not broadcast.
 */
export function l1Loss(
  input: TensorLike,
  target: TensorLike,
  options?: RegressionLossOptions,
): Tensor<"float32"> {
  return loss("l1Loss", "abs x0", input, target, options);
}
