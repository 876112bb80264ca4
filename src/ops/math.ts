/**
 * `exp`, `log` and `abs`: elementwise, differentiable, fused with the
 * elementwise ops around them.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import type { Scalar } from "./elementwise.ts";
import { build } from "./_ewise_build.ts";

/**
 * `eˣ`.
 *
 * @example
 * ```ts
 * import { exp } from "@tessera/embed";
 * console.log(await exp([0, 1]).toArray()); // [1, 2.7182817459106445]
 * ```
 *
 * @param x The input.
 * @returns The exponential.
 * @throws {TypeError} For data that is not numbers.
 */
export function exp(x: Scalar): Tensor<"float32"> {
  return build("exp", [x]);
}

/**
 * Natural logarithm (`-Infinity` at 0, NaN below).
 *
 * @example
 * ```ts
 * import { log } from "@tessera/embed";
 * console.log(await log([1, 0]).toArray()); // [0, -Infinity]
 * ```
 *
 * @param x The input.
 * @returns `ln x`.
 * @throws {TypeError} For data that is not numbers.
 */
export function log(x: Scalar): Tensor<"float32"> {
  return build("log", [x]);
}

/**
 * Absolute value.
 *
 * @example
 * ```ts
 * import { abs } from "@tessera/embed";
 * console.log(await abs([-1.5, 2]).toArray()); // [1.5, 2]
 * ```
 *
 * @param x The input.
 * @returns `|x|`.
 * @throws {TypeError} For data that is not numbers.
 */
export function abs(x: Scalar): Tensor<"float32"> {
  return build("abs", [x]);
}
