/**
 * `mseLoss` and `l1Loss`: PyTorch's `F.mse_loss` and `F.l1_loss` (the
 * target broadcast to the input, as PyTorch does with a warning).
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
 * @example
 * ```ts
 * import { mseLoss } from "@tessera/embed";
 * // (1 - 1)² + (2 - 0)² + (3 - 0)²
 * console.log(mseLoss([1, 2, 3], [1, 0, 0], { reduction: "sum" }).item()); // 13
 * console.log(await mseLoss([1, 2, 3], [1, 0, 0], { reduction: "none" }).toArray()); // [0, 4, 9]
 * ```
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
 * @example
 * ```ts
 * import { l1Loss } from "@tessera/embed";
 * // |1 - 1| + |2 - 0| + |3 - 0|
 * console.log(l1Loss([1, 2, 3], [1, 0, 0], { reduction: "sum" }).item()); // 5
 * ```
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
