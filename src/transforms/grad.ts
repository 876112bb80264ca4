/**
 * `grad`: the gradient of a scalar function of tensors.
 *
 * @module
 */

import { isClass } from "../tensor/_describe.ts";
import { describe } from "../tensor/_nested.ts";
import { gradCall, type GradOptions } from "./value_and_grad.ts";

/**
 * Transforms `fn` (tensors, or arrays and plain objects of them, to a scalar
 * tensor) into a function returning its gradient with respect to argument
 * `argnums` (a tuple of gradients for an array of positions; with `hasAux`,
 * `[gradient, aux]`). A table read with `sparse: true` gets a `RowSparseGrad`.
 *
 * @example
 * ```ts
 * import { grad, mul, sum, tensor } from "@tessera/embed";
 * const df = grad((x) => sum(mul(x, x)));
 * console.log(await df(tensor([1, -2, 3])).toArray()); // [2, -4, 6]
 * ```
 *
 * @param fn The function to differentiate.
 * @param options `argnums` and `hasAux`.
 * @returns A function of the same arguments returning the gradient(s).
 * @throws {TypeError} (from the returned function) If `fn` does not return a scalar float32 tensor.
 */
// deno-lint-ignore no-explicit-any
export function grad<A extends any[]>(
  fn: (...args: A) => unknown,
  options: GradOptions = {},
  // deno-lint-ignore no-explicit-any
): (...args: A) => any {
  const who = "grad()";
  if (typeof fn !== "function" || isClass(fn)) {
    throw new TypeError(`${who}: fn is ${describe(fn)} but must be a function`);
  }
  return (...args: A) => {
    const [value, g, hasAux] = gradCall(fn, args, options, who);
    return hasAux ? [g, value[1]] : g;
  };
}
