/**
 * `valueAndGrad`, `grad`: gradients of a scalar function of tensors, by the
 * one reverse walk over the lazy graph the function builds.
 *
 * @module
 */

import { isClass } from "../tensor/_describe.ts";
import { Tensor, tensorInternals } from "../tensor/tensor.ts";
import { ones } from "../tensor/creation.ts";
import { describe } from "../tensor/_nested.ts";
import { argLeaves, type GradOf, gradsFor } from "./_grads.ts";
import { parseOptions } from "../ops/_options.ts";
import { DENSE_EXPECTED, gradSchema } from "../ops/_dense_options.ts";

/**
 * Options of `grad` and `valueAndGrad`.
 *
 * @example
 * ```ts
 * import { grad, type GradOptions, mul, sum, tensor } from "@tessera/embed";
 * const options: GradOptions = { argnums: [0, 1] };
 * const [da, db] = grad((a, b) => sum(mul(a, b)), options)(tensor([1, 2]), tensor([3, 4]));
 * console.log(await da.toArray(), await db.toArray()); // [3, 4] [1, 2]
 * ```
 */
export interface GradOptions {
  /** Which arguments to differentiate: one position (a gradient) or several (a tuple). @default 0 */
  argnums?: number | readonly number[];
  /** `fn` returns `[value, aux]`; `aux` is passed through untouched. @default false */
  hasAux?: boolean;
}

/** The scalar a differentiated function returned, checked. */
function scalarOf(value: unknown, who: string): Tensor<"float32"> {
  if (!(value instanceof Tensor)) {
    throw new TypeError(
      `${who}: the function returned ${describe(value)} but must return a scalar float32 tensor`,
    );
  }
  if (value.size !== 1 || value.dtype !== "float32") {
    throw new TypeError(
      `${who}: the function returned a ${value.dtype} tensor of shape [${value.shape}] but must return a scalar float32 tensor (one element)`,
    );
  }
  return value as Tensor<"float32">;
}

/** Checks `argnums` against the call's arguments. */
function positions(argnums: unknown, count: number, who: string): number[] {
  const list = typeof argnums === "number"
    ? [argnums]
    : Array.isArray(argnums)
    ? argnums
    : undefined;
  if (list === undefined || list.length === 0) {
    throw new TypeError(
      `${who}: argnums is ${
        describe(argnums)
      } but must be an integer or a non-empty array of integers`,
    );
  }
  for (const a of list) {
    if (!Number.isInteger(a) || a < 0 || a >= count) {
      throw new RangeError(
        `${who}: argnums holds ${
          describe(a)
        } but the function was called with ${count} argument(s)`,
      );
    }
  }
  return list as number[];
}

/**
 * Transforms `fn` (tensors, or arrays and plain objects of them, to a scalar
 * tensor) into a function returning `[value, gradients]`; with `hasAux`,
 * `fn` returns `[value, aux]` and the result is `[[value, aux], gradients]`.
 * Gradients have the shape of the differentiated arguments; a table read
 * with `sparse: true` gets a `RowSparseGrad`, as in PyTorch.
 *
 * @example
 * ```ts
 * import { embeddingForward, sum, type Tensor, tensor, valueAndGrad } from "@tessera/embed";
 * const f = (p: { w: Tensor<"float32"> }) => sum(embeddingForward(p.w, [0, 2, 0]));
 * const w = tensor([[1, 2], [3, 4], [5, 6]]) as Tensor<"float32">;
 * const [value, g] = valueAndGrad(f)({ w });
 * console.log(await value.toArray(), await g.w.toArray()); // 17 [[2, 2], [0, 0], [1, 1]]
 * ```
 *
 * @param fn The function to differentiate (it must not read values: it is also traced by `jit`).
 * @param options `argnums` and `hasAux`.
 * @returns A function of the same arguments.
 * @throws {TypeError} (from the returned function) If `fn` does not return a scalar float32
 *   tensor, or a differentiated argument holds anything but float32 tensors.
 */
// deno-lint-ignore no-explicit-any
export function valueAndGrad<A extends any[]>(
  fn: (...args: A) => unknown,
  options: GradOptions = {},
  // deno-lint-ignore no-explicit-any
): (...args: A) => [any, any] {
  const who = "valueAndGrad()";
  if (typeof fn !== "function" || isClass(fn)) {
    throw new TypeError(`${who}: fn is ${describe(fn)} but must be a function`);
  }
  return (...args: A) => {
    const [value, g] = gradCall(fn, args, options, who);
    return [value, g];
  };
}

/** The shared body of `grad` and `valueAndGrad` (`who` names the public function). */
export function gradCall<A extends unknown[]>(
  fn: (...args: A) => unknown,
  args: A,
  options: GradOptions,
  who: string,
  // deno-lint-ignore no-explicit-any
): [any, any, boolean] {
  const o = parseOptions(gradSchema, options, who, DENSE_EXPECTED);
  const nums = positions(o.argnums ?? 0, args.length, who);
  const trees = nums.map((i) => argLeaves(args[i], who, i));
  const out = fn(...args);
  let value: unknown = out, aux: unknown;
  if (o.hasAux) {
    if (!Array.isArray(out) || out.length !== 2) {
      throw new TypeError(
        `${who}: with hasAux the function must return [value, aux], got ${describe(out)}`,
      );
    }
    [value, aux] = out;
  }
  const y = scalarOf(value, who);
  const t = tensorInternals();
  const grads = gradsFor(t.nodeOf(y), t.nodeOf(ones(y.shape)), trees, who);
  const g = typeof o.argnums === "object" ? grads : grads[0];
  return [o.hasAux ? [y, aux] : y, g, o.hasAux ?? false];
}

export type { GradOf };
