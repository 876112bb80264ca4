/**
 * `vjp`: the output of a function of tensors and a function pulling a
 * cotangent of that output back to every argument.
 *
 * @module
 */

import { isClass } from "../tensor/_describe.ts";
import { Tensor, tensorInternals } from "../tensor/tensor.ts";
import { describe } from "../tensor/_nested.ts";
import { floatNode } from "../ops/_dense_inputs.ts";
import { argLeaves, gradsFor } from "./_grads.ts";

/**
 * Runs `fn` on `primals` and returns `[output, pullback]`: `pullback(ct)`
 * gives, for a cotangent `ct` of the output's shape, the vector-Jacobian
 * product for every primal (a list shaped like `primals`, each entry shaped
 * like its primal; row-sparse for tables read with `sparse: true`).
 *
 * @example
 * ```ts
 * import { mul, tensor, vjp } from "@tessera/embed";
 * const [y, pullback] = vjp((a, b) => mul(a, b), tensor([1, 2]), tensor([3, 4]));
 * const [da, db] = pullback([1, 10]);
 * console.log(await y.toArray(), await da.toArray(), await db.toArray()); // [3, 8] [3, 40] [1, 20]
 * ```
 *
 * @param fn A function of tensors (or arrays and plain objects of them) returning a float32 tensor.
 * @param primals The arguments.
 * @returns The output and the pullback.
 * @throws {TypeError} If `fn` does not return a float32 tensor, or the cotangent's shape differs.
 */
// deno-lint-ignore no-explicit-any
export function vjp<A extends any[]>(
  fn: (...args: A) => Tensor,
  ...primals: A
  // deno-lint-ignore no-explicit-any
): [Tensor<"float32">, (cotangent: unknown) => any[]] {
  const who = "vjp()";
  if (typeof fn !== "function" || isClass(fn)) {
    throw new TypeError(`${who}: fn is ${describe(fn)} but must be a function`);
  }
  const trees = primals.map((p, i) => argLeaves(p, who, i));
  const out = fn(...primals);
  if (!(out instanceof Tensor) || out.dtype !== "float32") {
    throw new TypeError(
      `${who}: the function returned ${describe(out)} but must return a float32 tensor`,
    );
  }
  const root = tensorInternals().nodeOf(out);
  const pullback = (cotangent: unknown) => {
    const ct = floatNode(cotangent, `${who} pullback`, "cotangent");
    if (ct.shape.join() !== out.shape.join()) {
      throw new TypeError(
        `${who} pullback: cotangent has shape [${ct.shape}] but the output has [${out.shape}]`,
      );
    }
    return gradsFor(root, ct, trees, who);
  };
  return [out as Tensor<"float32">, pullback];
}
