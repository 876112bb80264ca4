/**
 * `softmax`, `logSoftmax` (numerically stable) and `argmax`.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { tensorInternals } from "../tensor/tensor.ts";
import { makeNode, type Node } from "../graph/node.ts";
import { reshapeTo } from "../graph/_build.ts";
import { floatNode, type TensorLike, wrap } from "./_dense_inputs.ts";
import { axisOf } from "./shape.ts";
import { parseOptions } from "./_options.ts";
import { axisSchema, DENSE_EXPECTED, reduceSchema } from "./_dense_options.ts";

/** Options of `softmax` and `logSoftmax`. */
export interface SoftmaxOptions {
  /** The axis the probabilities sum over. @default -1 */
  axis?: number;
}

function soft(
  name: string,
  x: TensorLike,
  options: SoftmaxOptions,
  log: boolean,
): Tensor<"float32"> {
  const who = `${name}()`;
  const node = floatNode(x, who, "x");
  const axis = axisOf(
    parseOptions(axisSchema, options, who, DENSE_EXPECTED).axis ?? -1,
    node.shape.length,
    who,
  );
  if (node.shape.length === 0) {
    return wrap(reshapeTo(makeNode("softmax", [reshapeTo(node, [1])], { axis: 0, log }), []));
  }
  return wrap(makeNode("softmax", [node], { axis, log }));
}

/**
 * `exp(x) / Σ exp(x)` along `axis`, computed stably (the max subtracted).
 *
 * @example
 * ```ts
 * import { softmax } from "@tessera/embed";
 * console.log(await softmax([[0, 0, 0, 0], [1000, 0, 0, 0]]).toArray()); // [[0.25, 0.25, 0.25, 0.25], [1, 0, 0, 0]]
 * ```
 *
 * @param x The input. @param options `axis`.
 * @returns The probabilities.
 * @throws {RangeError} For an axis out of range.
 */
export function softmax(x: TensorLike, options: SoftmaxOptions = {}): Tensor<"float32"> {
  return soft("softmax", x, options, false);
}

/**
 * `x - log Σ exp(x)` along `axis`, computed stably.
 *
 * @example
 * ```ts
 * import { logSoftmax } from "@tessera/embed";
 * console.log(await logSoftmax([0, 0]).toArray()); // [-0.6931471824645996, -0.6931471824645996]
 * console.log(await logSoftmax([-1000, 1000]).toArray()); // [-2000, 0]
 * ```
 *
 * @param x The input. @param options `axis`.
 * @returns The log-probabilities.
 * @throws {RangeError} For an axis out of range.
 */
export function logSoftmax(x: TensorLike, options: SoftmaxOptions = {}): Tensor<"float32"> {
  return soft("logSoftmax", x, options, true);
}

/**
 * The index of the maximum along `axis` (the first on ties; NaN counts as
 * the maximum); no axis: the index into the row-major flattening.
 *
 * @example
 * ```ts
 * import { argmax } from "@tessera/embed";
 * const x = [[1, 9, 3], [7, 2, 7]];
 * console.log(await argmax(x, { axis: 1 }).toArray(), await argmax(x).toArray()); // [1, 0] 1
 * ```
 *
 * @param x The input. @param options `axis` and `keepdims`.
 * @returns int32 indices.
 * @throws {RangeError} For an axis out of range or of size 0.
 */
export function argmax(
  x: TensorLike,
  options: { axis?: number; keepdims?: boolean } = {},
): Tensor<"int32"> {
  const who = "argmax()";
  const o = parseOptions(reduceSchema, options, who, DENSE_EXPECTED);
  if (Array.isArray(o.axis)) throw new TypeError(`${who}: axis must be one integer, not an array`);
  let node: Node = floatNode(x, who, "x");
  const shape = node.shape;
  let axis: number;
  if (o.axis === undefined) {
    node = reshapeTo(node, [shape.reduce((p, q) => p * q, 1)]);
    axis = 0;
  } else axis = axisOf(o.axis, shape.length, who);
  if (node.shape.length === 0) node = reshapeTo(node, [1]);
  if (node.shape[axis] === 0) {
    throw new RangeError(`${who}: cannot take the argmax over an empty axis ${axis}`);
  }
  const out = makeNode("argmax", [node], { axis });
  const keep = o.keepdims ?? false;
  const target = o.axis === undefined
    ? (keep ? shape.map(() => 1) : [])
    : (keep ? shape.map((d, i) => (i === axis ? 1 : d)) : shape.filter((_, i) => i !== axis));
  return tensorInternals().fromNode<"int32">(reshapeTo(out, target));
}
