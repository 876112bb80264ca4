/**
 * Creating tensors: from data, zeros, and seeded random tables.
 *
 * @module
 */

import type { DType } from "../graph/node.ts";
import { allocTensor, hostView, type Tensor } from "./tensor.ts";
import { checkShape, tensorOf, toInt32 } from "./_tensor_of.ts";
import { z } from "npm:zod@^4.1.0";
import { describe, type NestedArray } from "./_nested.ts";
import { parseOptions } from "../ops/_options.ts";

export { checkShape, toInt32 } from "./_tensor_of.ts";

/**
 * Data accepted by `tensor()`.
 *
 * @example
 * ```ts
 * import { tensor, type TensorData } from "@tessera/embed";
 * const sources: TensorData[] = [new Float32Array([1, 2]), new Int32Array([7]), [[1, 2], [3, 4]]];
 * console.log(sources.map((data) => tensor(data).shape)); // [[2], [1], [2, 2]]
 * ```
 */
export type TensorData = Float32Array | Int32Array | Float64Array | NestedArray;

/**
 * Options of `tensor()`.
 *
 * @example
 * ```ts
 * import { tensor, type TensorOptions } from "@tessera/embed";
 * const options: TensorOptions<"int32"> = { shape: [2, 3], dtype: "int32" };
 * const ids = tensor([1, 2, 3, 4, 5, 6], options);
 * console.log(ids.shape, ids.dtype); // [2, 3] "int32"
 * ```
 */
export interface TensorOptions<D extends DType = DType> {
  /**
   * Shape of the result; the data is read row-major and must have exactly as
   * many elements.
   * @default the shape of nested arrays, or `[length]` for typed arrays
   */
  shape?: readonly number[];
  /**
   * Element type.
   * @default "int32" for an `Int32Array`, otherwise "float32"
   */
  dtype?: D;
}

const dtypeSchema = z.enum(["float32", "int32"]).optional();
const tensorSchema = z.strictObject({ shape: z.unknown().optional(), dtype: dtypeSchema });
const zerosSchema = z.strictObject({ dtype: dtypeSchema });

/**
 * Creates a tensor in the arena from a typed array, a number, or nested arrays
 * (copied once).
 *
 * @example
 * ```ts
 * import { tensor } from "@tessera/embed";
 * const ids = tensor([[1, 2, 4, 5], [4, 3, 2, 9]], { dtype: "int32" });
 * console.log(ids.toString());
 * // tensor([[1, 2, 4, 5],
 * //         [4, 3, 2, 9]], dtype=int32)
 * ```
 *
 * @param data The values, row-major.
 * @param options Shape and dtype.
 * @returns A realized tensor.
 * @throws {TypeError} For ragged or non-numeric data, a bad dtype, or a shape that does not fit the data.
 * @throws {RangeError} For int32 values out of range, or when the arena limit would be exceeded.
 */
export function tensor<D extends DType>(
  data: TensorData,
  options: TensorOptions<D> & { dtype: D },
): Tensor<D>;
/** An int32 tensor from an `Int32Array` (see the first signature). */
export function tensor(data: Int32Array, options?: TensorOptions<"int32">): Tensor<"int32">;
/** A float32 tensor from float data or nested arrays (see the first signature). */
export function tensor(
  data: Float32Array | Float64Array | NestedArray,
  options?: TensorOptions<"float32">,
): Tensor<"float32">;
/** Any tensor (see the first signature). */
export function tensor(data: TensorData, options?: TensorOptions): Tensor;
export function tensor<D extends DType = DType>(
  data: TensorData,
  options: TensorOptions<D> = {},
): Tensor<D> {
  const who = "tensor()";
  const o = parseOptions(tensorSchema, options, who);
  return tensorOf(data, o.dtype as D | undefined, o.shape, who);
}

/**
 * Options of `zeros()`.
 *
 * @example
 * ```ts
 * import { full, zeros, type ZerosOptions } from "@tessera/embed";
 * const options: ZerosOptions<"int32"> = { dtype: "int32" };
 * const mask = zeros([2, 4], options);
 * const ids = full([3], 7, options);
 * console.log(mask.dtype, await ids.toArray()); // "int32" [7, 7, 7]
 * ```
 */
export interface ZerosOptions<D extends DType = "float32"> {
  /**
   * Element type.
   * @default "float32"
   */
  dtype?: D;
}

/**
 * A tensor of zeros.
 *
 * @example
 * ```ts
 * import { zeros } from "@tessera/embed";
 * console.log(zeros([2, 3]).toString()); // tensor([[0., 0., 0.], [0., 0., 0.]]) (on two lines)
 * ```
 *
 * @param shape Size of each dimension.
 * @param options The dtype.
 * @returns A realized tensor filled with zeros.
 * @throws {TypeError} For a bad shape or dtype.
 */
export function zeros<D extends DType = "float32">(
  shape: readonly number[],
  options: ZerosOptions<D> = {},
): Tensor<D> {
  return filled(shape, 0, options, "zeros()") as Tensor<D>;
}

function filled(shape: readonly number[], value: number, options: unknown, who: string): Tensor {
  const dims = checkShape(shape, who);
  const type = parseOptions(zerosSchema, options, who).dtype ?? "float32";
  if (typeof value !== "number") {
    throw new TypeError(`${who}: value is ${describe(value)} but must be a number`);
  }
  if (type === "int32") toInt32([value], new Int32Array(1), who);
  const out = allocTensor(dims, type, who);
  hostView(out).fill(value);
  return out;
}

/**
 * A tensor of ones.
 *
 * @example
 * ```ts
 * import { ones } from "@tessera/embed";
 * console.log(await ones([2]).toArray()); // [1, 1]
 * ```
 *
 * @param shape Size of each dimension.
 * @param options The dtype.
 * @returns A realized tensor filled with ones.
 * @throws {TypeError} For a bad shape or dtype.
 */
export function ones<D extends DType = "float32">(
  shape: readonly number[],
  options: ZerosOptions<D> = {},
): Tensor<D> {
  return filled(shape, 1, options, "ones()") as Tensor<D>;
}

/**
 * A tensor filled with one value (e.g. an upstream gradient of ones).
 *
 * @example
 * ```ts
 * import { full } from "@tessera/embed";
 * console.log(await full([2, 2], 0.5).toArray()); // [[0.5, 0.5], [0.5, 0.5]]
 * ```
 *
 * @param shape Size of each dimension.
 * @param value The value of every element.
 * @param options The dtype.
 * @returns A realized tensor.
 * @throws {TypeError} For a bad shape, dtype or value (an int32 value must be an integer).
 * @throws {RangeError} For an int32 value out of range.
 */
export function full<D extends DType = "float32">(
  shape: readonly number[],
  value: number,
  options: ZerosOptions<D> = {},
): Tensor<D> {
  return filled(shape, value, options, "full()") as Tensor<D>;
}
