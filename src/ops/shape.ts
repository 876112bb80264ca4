/**
 * Shape ops: `reshape`, `flatten`, `transpose`, `concat`. Lazy and
 * differentiable; any dtype.
 *
 * @module
 */

import { readList } from "./_read_list.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { makeNode, type Node } from "../graph/node.ts";
import { reshapeTo } from "../graph/_build.ts";
import { describe, errorText } from "../tensor/_nested.ts";
import { denseNode, fmt, type TensorLike } from "./_dense_inputs.ts";
import { tensorInternals } from "../tensor/tensor.ts";
import { parseOptions } from "./_options.ts";
import { axisSchema, DENSE_EXPECTED, flattenSchema } from "./_dense_options.ts";

const wrapAny = <T extends Tensor>(n: Node) => tensorInternals().fromNode(n) as T;

/** A shape argument read once and checked: integers >= -1 (a throwing element is a TypeError). */
function readDims(shape: unknown, who: string): number[] {
  let dims: unknown[];
  try {
    if (!Array.isArray(shape) || shape.length > 64) throw new TypeError("not an array");
    dims = Array.from(shape);
  } catch (err) {
    throw new TypeError(
      `${who}: shape is ${describe(shape)} but must be an array of at most 64 integers (${
        errorText(err)
      })`,
    );
  }
  for (const d of dims) {
    if (!Number.isInteger(d) || (d as number) < -1) {
      throw new TypeError(`${who}: shape holds ${describe(d)} but dims must be integers >= -1`);
    }
  }
  return dims as number[];
}

/** An axis in `[-rank, rank)`, made non-negative. */
export function axisOf(axis: unknown, rank: number, who: string, name = "axis"): number {
  if (!Number.isInteger(axis)) {
    throw new TypeError(`${who}: ${name} is ${describe(axis)} but must be an integer`);
  }
  const a = axis as number, r = Math.max(rank, 1);
  if (a < -r || a >= r) {
    throw new RangeError(`${who}: ${name} ${a} is out of range for a tensor of rank ${rank}`);
  }
  return a < 0 ? a + r : a;
}

/**
 * The same elements in another shape; one entry may be -1 (inferred).
 *
 * @example
 * ```ts
 * import { reshape } from "@tessera/embed";
 * console.log(await reshape([[1, 2, 3], [4, 5, 6]], [3, -1]).toArray()); // [[1, 2], [3, 4], [5, 6]]
 * ```
 *
 * @param x The input. @param shape The new shape.
 * @returns The reshaped tensor.
 * @throws {TypeError} If the sizes differ or the shape is malformed.
 */
export function reshape<T extends Tensor>(x: T | TensorLike, shape: readonly number[]): T {
  const who = "reshape()";
  const node = denseNode(x, who, "x");
  const dims = readDims(shape, who);
  const n = node.shape.reduce((p, q) => p * q, 1);
  const free = dims.filter((d) => d === -1).length;
  if (free > 1) throw new TypeError(`${who}: shape ${fmt(dims)} has more than one -1`);
  const known = dims.reduce((p, d) => (d === -1 ? p : p * d), 1);
  const out = dims.map((d) => (d === -1 ? (known === 0 ? 0 : n / known) : d));
  if (!out.every(Number.isInteger) || out.reduce((p, q) => p * q, 1) !== n) {
    throw new TypeError(
      `${who}: cannot reshape ${fmt(node.shape)} (${n} elements) to ${fmt(dims)}`,
    );
  }
  return wrapAny<T>(reshapeTo(node, out));
}

/** Options of `flatten`. */
export interface FlattenOptions {
  /** First dim to flatten. @default 0 */
  startDim?: number;
  /** Last dim to flatten (inclusive). @default -1 */
  endDim?: number;
}

/**
 * Dims `startDim..endDim` merged into one (PyTorch's `torch.flatten`).
 *
 * @example
 * ```ts
 * import { flatten, zeros } from "@tessera/embed";
 * console.log(flatten(zeros([2, 3, 4])).shape); // [24]
 * console.log(flatten(zeros([2, 3, 4]), { startDim: 1 }).shape); // [2, 12]
 * ```
 *
 * @param x The input. @param options `startDim` and `endDim`.
 * @returns The flattened tensor.
 * @throws {RangeError} For a dim out of range or `startDim > endDim`.
 */
export function flatten<T extends Tensor>(x: T | TensorLike, options: FlattenOptions = {}): T {
  const who = "flatten()";
  const o = parseOptions(flattenSchema, options, who, DENSE_EXPECTED);
  const node = denseNode(x, who, "x"), r = node.shape.length;
  const s = axisOf(o.startDim ?? 0, r, who, "startDim"),
    e = axisOf(o.endDim ?? -1, r, who, "endDim");
  if (s > e) throw new RangeError(`${who}: startDim ${s} is after endDim ${e}`);
  if (r === 0) return wrapAny<T>(reshapeTo(node, [1]));
  const merged = node.shape.slice(s, e + 1).reduce((p, q) => p * q, 1);
  return wrapAny<T>(
    reshapeTo(node, [...node.shape.slice(0, s), merged, ...node.shape.slice(e + 1)]),
  );
}

/**
 * Dims `dim0` and `dim1` swapped (a copy).
 *
 * @example
 * ```ts
 * import { transpose } from "@tessera/embed";
 * console.log(await transpose([[1, 2, 3], [4, 5, 6]], 0, 1).toArray()); // [[1, 4], [2, 5], [3, 6]]
 * ```
 *
 * @param x The input. @param dim0 A dim. @param dim1 Another dim.
 * @returns The transposed tensor.
 * @throws {RangeError} For a dim out of range.
 */
export function transpose<T extends Tensor>(x: T | TensorLike, dim0: number, dim1: number): T {
  const who = "transpose()";
  const node = denseNode(x, who, "x"), r = node.shape.length;
  const a = axisOf(dim0, r, who, "dim0"), b = axisOf(dim1, r, who, "dim1");
  if (a === b || r < 2) return wrapAny<T>(node);
  return wrapAny<T>(makeNode("transpose", [node], { dim0: Math.min(a, b), dim1: Math.max(a, b) }));
}

/**
 * Tensors joined along `axis` (their other dims must agree).
 *
 * @example
 * ```ts
 * import { concat } from "@tessera/embed";
 * console.log(await concat([[[1, 2]], [[3, 4]]]).toArray()); // [[1, 2], [3, 4]]
 * console.log(await concat([[[1], [2]], [[3], [4]]], { axis: 1 }).toArray()); // [[1, 3], [2, 4]]
 * ```
 *
 * @param xs The tensors (at least one). @param options `axis` (default 0).
 * @returns The joined tensor.
 * @throws {TypeError} If shapes or dtypes disagree.
 */
export function concat<T extends Tensor>(
  xs: readonly (T | TensorLike)[],
  options: { axis?: number } = {},
): T {
  const who = "concat()";
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new TypeError(`${who}: xs is ${describe(xs)} but must be a non-empty array of tensors`);
  }
  // Element by element: a hole in a sparse array is an error, not skipped.
  const items = readList(xs, who, "xs", "must be a tensor");
  const nodes: Node[] = items.map((x, i) => denseNode(x, who, `xs[${i}]`));
  const first = nodes[0];
  if (first.shape.length === 0) {
    throw new TypeError(`${who}: xs[0] is a scalar; scalars cannot be joined`);
  }
  const axis = axisOf(
    parseOptions(axisSchema, options, who, DENSE_EXPECTED).axis ?? 0,
    first.shape.length,
    who,
  );
  nodes.forEach((n, i) => {
    const same = n.shape.length === first.shape.length &&
      n.shape.every((d, k) => k === axis || d === first.shape[k]);
    if (!same || n.dtype !== first.dtype) {
      throw new TypeError(
        `${who}: xs[${i}] is ${n.dtype} ${fmt(n.shape)} but must be ${first.dtype} matching ${
          fmt(first.shape)
        } except along axis ${axis}`,
      );
    }
  });
  return wrapAny<T>(nodes.length === 1 ? first : makeNode("concat", nodes, { axis }));
}
