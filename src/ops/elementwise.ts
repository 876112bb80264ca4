/**
 * Arithmetic elementwise ops, with NumPy broadcasting: `add`, `sub`, `mul`,
 * `div`, `pow`, `maximum`, `minimum`, `neg`, `sqrt`. Differentiable, lazy and
 * fused: a chain of elementwise ops (these, `exp`/`log`/`abs` and the
 * activations) runs as one kernel. Operands are tensors, plain arrays or
 * numbers (a number is a constant of the instruction, not a tensor).
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import type { TensorLike } from "./_dense_inputs.ts";
import { build } from "./_ewise_build.ts";

/** An operand of an elementwise op: a tensor, plain data, or a number. */
export type Scalar = TensorLike | number;

/**
 * `a + b`, broadcast.
 *
 * @example
 * ```ts
 * import { add } from "@tessera/embed";
 * console.log(await add([[1], [2]], [10, 20]).toArray()); // [[11, 21], [12, 22]]
 * ```
 *
 * @param a First operand.
 * @param b Second operand.
 * @returns The sum.
 * @throws {TypeError} For operands whose shapes do not broadcast, or data that is not numbers.
 */
export function add(a: Scalar, b: Scalar): Tensor<"float32"> {
  return build("add", [a, b]);
}

/**
 * `a - b`, broadcast.
 *
 * @example
 * ```ts
 * import { sub } from "@tessera/embed";
 * console.log(await sub([5, 7], 2).toArray()); // [3, 5]
 * ```
 *
 * @param a First operand.
 * @param b Second operand.
 * @returns The difference.
 * @throws {TypeError} For operands whose shapes do not broadcast, or data that is not numbers.
 */
export function sub(a: Scalar, b: Scalar): Tensor<"float32"> {
  return build("sub", [a, b]);
}

/**
 * `a * b`, broadcast.
 *
 * @example
 * ```ts
 * import { mul } from "@tessera/embed";
 * console.log(await mul([1, 2, 3], 2).toArray()); // [2, 4, 6]
 * ```
 *
 * @param a First operand.
 * @param b Second operand.
 * @returns The product.
 * @throws {TypeError} For operands whose shapes do not broadcast, or data that is not numbers.
 */
export function mul(a: Scalar, b: Scalar): Tensor<"float32"> {
  return build("mul", [a, b]);
}

/**
 * `a / b`, broadcast.
 *
 * @example
 * ```ts
 * import { div } from "@tessera/embed";
 * console.log(await div([1, 3], [2, 4]).toArray()); // [0.5, 0.75]
 * ```
 *
 * @param a First operand.
 * @param b Second operand.
 * @returns The quotient.
 * @throws {TypeError} For operands whose shapes do not broadcast, or data that is not numbers.
 */
export function div(a: Scalar, b: Scalar): Tensor<"float32"> {
  return build("div", [a, b]);
}

/**
 * `a ** b`, broadcast.
 *
 * @example
 * ```ts
 * import { pow } from "@tessera/embed";
 * console.log(await pow([2, 3, 4], 2).toArray()); // [4, 9, 16]
 * console.log(await pow(2, [0, 1, 3, -1]).toArray()); // [1, 2, 8, 0.5]
 * ```
 *
 * @param a Base.
 * @param b Exponent.
 * @returns The power.
 * @throws {TypeError} For operands whose shapes do not broadcast, or data that is not numbers.
 */
export function pow(a: Scalar, b: Scalar): Tensor<"float32"> {
  return build("pow", [a, b]);
}

/**
 * Elementwise maximum (NaN wins), broadcast.
 *
 * @example
 * ```ts
 * import { maximum } from "@tessera/embed";
 * console.log(await maximum([1, 5, NaN], [3, 2, 0]).toArray()); // [3, 5, NaN]
 * ```
 *
 * @param a First operand.
 * @param b Second operand.
 * @returns The maximum.
 * @throws {TypeError} For operands whose shapes do not broadcast, or data that is not numbers.
 */
export function maximum(a: Scalar, b: Scalar): Tensor<"float32"> {
  return build("maximum", [a, b]);
}

/**
 * Elementwise minimum (NaN wins), broadcast.
 *
 * @example
 * ```ts
 * import { minimum } from "@tessera/embed";
 * console.log(await minimum([1, 5, NaN], [3, 2, 0]).toArray()); // [1, 2, NaN]
 * ```
 *
 * @param a First operand.
 * @param b Second operand.
 * @returns The minimum.
 * @throws {TypeError} For operands whose shapes do not broadcast, or data that is not numbers.
 */
export function minimum(a: Scalar, b: Scalar): Tensor<"float32"> {
  return build("minimum", [a, b]);
}

/**
 * `-x`.
 *
 * @example
 * ```ts
 * import { neg } from "@tessera/embed";
 * console.log(await neg([1, -2]).toArray()); // [-1, 2]
 * ```
 *
 * @param x The input.
 * @returns The negation.
 * @throws {TypeError} For data that is not numbers.
 */
export function neg(x: Scalar): Tensor<"float32"> {
  return build("neg", [x]);
}

/**
 * Square root (NaN below 0).
 *
 * @example
 * ```ts
 * import { sqrt } from "@tessera/embed";
 * console.log(await sqrt([4, 9, 2]).toArray()); // [2, 3, 1.4142135381698608]
 * ```
 *
 * @param x The input.
 * @returns `√x`.
 * @throws {TypeError} For data that is not numbers.
 */
export function sqrt(x: Scalar): Tensor<"float32"> {
  return build("sqrt", [x]);
}
