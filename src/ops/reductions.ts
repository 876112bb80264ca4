/**
 * Reductions over axes: `sum`, `mean`, `max` (as PyTorch's `amax`: ties
 * share the gradient), with NumPy's `axis` and `keepdims`; no `axis`
 * reduces everything to a scalar. Differentiable and lazy.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import type { Node } from "../graph/node.ts";
import { reduceAxes, reshapeTo } from "../graph/_build.ts";
import { floatNode, fmt, type TensorLike, wrap } from "./_dense_inputs.ts";
import { parseOptions } from "./_options.ts";
import { axisOf } from "./shape.ts";
import { DENSE_EXPECTED, reduceSchema } from "./_dense_options.ts";

/** Options of the reductions. */
export interface ReduceOptions {
  /** Axis or axes to reduce (negative counts from the end). Default: all. */
  axis?: number | readonly number[];
  /** Keep reduced axes as dims of size 1. @default false */
  keepdims?: boolean;
}

/** The distinct, non-negative axes a reduction names (`axis` already parsed as integers). */
function normalizeAxes(
  axis: number | readonly number[] | undefined,
  rank: number,
  who: string,
): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const out = new Set<number>();
  for (const a of typeof axis === "number" ? [axis] : axis) {
    const n = axisOf(a, rank, who);
    if (out.has(n)) throw new RangeError(`${who}: axis ${a} is repeated`);
    out.add(n);
  }
  return [...out].filter((a) => a < rank).sort((p, q) => p - q);
}

function reduce(
  op: "sum" | "mean" | "max",
  x: TensorLike,
  options: ReduceOptions | undefined,
): Tensor<"float32"> {
  const who = `${op}()`;
  const o = parseOptions(reduceSchema, options, who, DENSE_EXPECTED);
  const keepdims = o.keepdims ?? false;
  const node = floatNode(x, who, "x");
  const axes = normalizeAxes(o.axis, node.shape.length, who);
  if (op === "max") {
    for (const a of axes) {
      if (node.shape[a] === 0) {
        throw new RangeError(
          `${who}: cannot take the max over axis ${a} of size 0 (shape ${fmt(node.shape)})`,
        );
      }
    }
  }
  let out: Node = reduceAxes(node, op, axes);
  if (!keepdims) out = reshapeTo(out, node.shape.filter((_, i) => !axes.includes(i)));
  return wrap(out);
}

/**
 * The sum over `axis` (all axes by default).
 *
 * @example
 * ```ts
 * import { sum } from "@tessera/embed";
 * const x = [[1, 2, 3], [4, 5, 6]];
 * console.log(await sum(x).toArray(), await sum(x, { axis: 1 }).toArray()); // 21 [6, 15]
 * ```
 *
 * @param x The input.
 * @param options `axis` and `keepdims`.
 * @returns The sums.
 * @throws {TypeError} For a bad option. @throws {RangeError} For an axis out of range.
 */
export function sum(x: TensorLike, options?: ReduceOptions): Tensor<"float32"> {
  return reduce("sum", x, options);
}

/**
 * The mean over `axis` (all axes by default); the mean of nothing is NaN.
 *
 * @example
 * ```ts
 * import { mean } from "@tessera/embed";
 * console.log(await mean([[1, 2, 3], [4, 5, 6]], { axis: 0 }).toArray()); // [2.5, 3.5, 4.5]
 * ```
 *
 * @param x The input.
 * @param options `axis` and `keepdims`.
 * @returns The means.
 * @throws {TypeError} For a bad option. @throws {RangeError} For an axis out of range.
 */
export function mean(x: TensorLike, options?: ReduceOptions): Tensor<"float32"> {
  return reduce("mean", x, options);
}

/**
 * The maximum over `axis` (all axes by default); NaN wins, as in PyTorch.
 *
 * @example
 * ```ts
 * import { max } from "@tessera/embed";
 * const x = [[1, 5, 3], [4, 2, 6]];
 * console.log(await max(x, { axis: 1, keepdims: true }).toArray()); // [[5], [6]]
 * ```
 *
 * @param x The input.
 * @param options `axis` and `keepdims`.
 * @returns The maxima.
 * @throws {TypeError} For a bad option. @throws {RangeError} For an axis out of range or empty.
 */
export function max(x: TensorLike, options?: ReduceOptions): Tensor<"float32"> {
  return reduce("max", x, options);
}
