/**
 * Creating tensors: from data, zeros, and seeded random tables.
 *
 * @module
 */

import type { DType } from "../graph/node.ts";
import { allocTensor, type Tensor } from "./tensor.ts";
import { describe, flattenInto, inferShape, type NestedArray } from "./_nested.ts";
import { generatorFor, type Random } from "./random.ts";

/** Data accepted by `tensor()`. */
export type TensorData = Float32Array | Int32Array | Float64Array | NestedArray;

/** Options of `tensor()`. */
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

/** Checks a shape argument and returns a copy. */
export function checkShape(shape: unknown, who: string): number[] {
  if (!Array.isArray(shape)) {
    throw new TypeError(`${who}: shape is ${describe(shape)} but must be an array of integers`);
  }
  return shape.map((d, i) => {
    if (typeof d !== "number" || !Number.isInteger(d)) {
      throw new TypeError(`${who}: shape[${i}] is ${describe(d)} but must be an integer`);
    }
    if (d < 0) throw new RangeError(`${who}: shape[${i}] is ${d} but must be non-negative`);
    return d;
  });
}

function checkDType(dtype: unknown, who: string): DType {
  if (dtype !== "float32" && dtype !== "int32") {
    throw new TypeError(`${who}: dtype is ${describe(dtype)} but must be "float32" or "int32"`);
  }
  return dtype;
}

/** Copies `values` into an int32 array, rejecting non-integers and out-of-range values. */
export function toInt32(values: ArrayLike<number>, out: Int32Array, who: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v)) {
      throw new TypeError(`${who}: data[${i}] is ${describe(v)} but int32 data must be integers`);
    }
    if (v < -2147483648 || v > 2147483647) {
      throw new RangeError(`${who}: data[${i}] is ${v} but int32 values lie in [-2^31, 2^31)`);
    }
    out[i] = v;
  }
}

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
  const isTyped = data instanceof Float32Array || data instanceof Int32Array ||
    data instanceof Float64Array;
  if (!isTyped && typeof data !== "number" && !Array.isArray(data)) {
    throw new TypeError(
      `${who}: data is ${
        describe(data)
      } but must be a Float32Array, Int32Array, Float64Array, number or nested array`,
    );
  }
  const dtype = options.dtype === undefined
    ? (data instanceof Int32Array ? "int32" : "float32")
    : checkDType(options.dtype, who);
  const inferred = isTyped ? [data.length] : inferShape(data as NestedArray, who);
  const count = inferred.reduce((a, b) => a * b, 1);
  let shape = inferred;
  if (options.shape !== undefined) {
    shape = checkShape(options.shape, who);
    const want = shape.reduce((a, b) => a * b, 1);
    if (want !== count) {
      throw new TypeError(
        `${who}: shape [${shape}] needs ${want} elements but the data has ${count}`,
      );
    }
  }
  const flat: ArrayLike<number> = isTyped ? data : flatten(data as NestedArray, count);
  const out = allocTensor(shape, dtype, who);
  const view = out.dataSync();
  if (dtype === "int32") toInt32(flat, view as Int32Array, who);
  else (view as Float32Array).set(flat);
  return out as Tensor<D>;
}

function flatten(data: NestedArray, count: number): Float64Array {
  const out = new Float64Array(count);
  flattenInto(data, out);
  return out;
}

/** Options of `zeros()`. */
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
  const who = "zeros()";
  const dims = checkShape(shape, who);
  const dtype = options.dtype === undefined ? "float32" : checkDType(options.dtype, who);
  const out = allocTensor(dims, dtype, who);
  out.dataSync().fill(0);
  return out as Tensor<D>;
}

/** Options of `randn()`. */
export interface RandnOptions {
  /**
   * Seed of a private generator; without it the global one (see `manualSeed`) is used.
   * @default undefined
   */
  seed?: number;
  /**
   * Mean of the distribution.
   * @default 0
   */
  mean?: number;
  /**
   * Standard deviation of the distribution.
   * @default 1
   */
  std?: number;
}

function fillRandom(
  shape: readonly number[],
  who: string,
  draw: (g: Random) => number,
  seed?: number,
): Tensor<"float32"> {
  if (seed !== undefined && !Number.isFinite(seed)) {
    throw new TypeError(`${who}: seed is ${describe(seed)} but must be a finite number`);
  }
  const out = allocTensor(checkShape(shape, who), "float32", who);
  const view = out.dataSync();
  const g = generatorFor(seed);
  for (let i = 0; i < view.length; i++) view[i] = draw(g);
  return out;
}

function checkFinite(value: number, name: string, who: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(`${who}: ${name} is ${describe(value)} but must be a finite number`);
  }
}

/**
 * A float32 tensor of normal random numbers (PyTorch's default initialiser for embeddings).
 *
 * @example
 * ```ts
 * import { randn } from "@tessera/embed";
 * const w = randn([10, 3], { seed: 0 });
 * console.log(w.shape); // [10, 3]
 * ```
 *
 * @param shape Size of each dimension.
 * @param options Seed, mean and standard deviation.
 * @returns A realized tensor.
 * @throws {TypeError} For a bad shape or non-finite parameters.
 * @throws {RangeError} For a negative standard deviation.
 */
export function randn(shape: readonly number[], options: RandnOptions = {}): Tensor<"float32"> {
  const who = "randn()";
  const { mean = 0, std = 1 } = options;
  checkFinite(mean, "mean", who);
  checkFinite(std, "std", who);
  if (std < 0) throw new RangeError(`${who}: std is ${std} but must be non-negative`);
  return fillRandom(shape, who, (g) => mean + std * g.normal(), options.seed);
}

/** Options of `randUniform()`. */
export interface RandUniformOptions {
  /**
   * Lower bound (inclusive).
   * @default 0
   */
  low?: number;
  /**
   * Upper bound (exclusive).
   * @default 1
   */
  high?: number;
  /**
   * Seed of a private generator; without it the global one is used.
   * @default undefined
   */
  seed?: number;
}

/**
 * A float32 tensor of uniform random numbers in `[low, high)`.
 *
 * @example
 * ```ts
 * import { randUniform } from "@tessera/embed";
 * const w = randUniform([50, 8], { low: -0.05, high: 0.05, seed: 1 }); // Keras' "uniform"
 * console.log(w.shape); // [50, 8]
 * ```
 *
 * @param shape Size of each dimension.
 * @param options Bounds and seed.
 * @returns A realized tensor.
 * @throws {TypeError} For a bad shape or non-finite bounds.
 * @throws {RangeError} When `low > high`.
 */
export function randUniform(
  shape: readonly number[],
  options: RandUniformOptions = {},
): Tensor<"float32"> {
  const who = "randUniform()";
  const { low = 0, high = 1 } = options;
  checkFinite(low, "low", who);
  checkFinite(high, "high", who);
  if (low > high) throw new RangeError(`${who}: low is ${low} but must not exceed high (${high})`);
  return fillRandom(shape, who, (g) => low + (high - low) * g.uniform(), options.seed);
}
