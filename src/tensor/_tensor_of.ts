/**
 * `tensor()`'s copy of plain data into the arena, after its options are
 * checked, and the shape and int32 checks it shares with other creators.
 *
 * @module
 */

import { checkShapeSize } from "./_sizes.ts";
import type { DType } from "../graph/node.ts";
import { allocTensor, hostView, type Tensor } from "./tensor.ts";
import { describe, errorText, MAX_RANK, readNested } from "./_nested.ts";
import type { TensorData } from "./creation.ts";

/** Checks a shape argument (at most `MAX_RANK` non-negative integers) and returns a copy. */
export function checkShape(shape: unknown, who: string): number[] {
  let dims: unknown[] | undefined, rank = 0;
  try {
    if (Array.isArray(shape)) {
      rank = shape.length;
      dims = [];
      for (let i = 0; i < Math.min(rank, MAX_RANK); i++) dims.push(shape[i]);
    }
  } catch (err) {
    throw new TypeError(`${who}: shape could not be read (${errorText(err)})`);
  }
  if (dims === undefined) {
    throw new TypeError(`${who}: shape is ${describe(shape)} but must be an array of integers`);
  }
  if (rank > MAX_RANK) {
    throw new RangeError(
      `${who}: shape has ${rank} dimensions but tensors have at most ${MAX_RANK}`,
    );
  }
  const checked = dims.map((d, i) => {
    if (typeof d !== "number" || !Number.isInteger(d)) {
      throw new TypeError(`${who}: shape[${i}] is ${describe(d)} but must be an integer`);
    }
    if (d < 0) throw new RangeError(`${who}: shape[${i}] is ${d} but must be non-negative`);
    return d;
  });
  checkShapeSize(checked, who);
  return checked;
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
 * `tensor()` after its options are checked (ops copying plain indices call
 * it directly): `dtype` defaults by the data, `shape` is checked here.
 */
export function tensorOf<D extends DType = DType>(
  data: TensorData,
  dtype: D | undefined,
  shapeOption: unknown,
  who: string,
): Tensor<D> {
  const isTyped = data instanceof Float32Array || data instanceof Int32Array ||
    data instanceof Float64Array;
  let nested: { shape: number[]; values: number[] } | undefined;
  if (!isTyped) {
    let plain = typeof data === "number";
    try {
      plain ||= Array.isArray(data);
    } catch {
      // A revoked Proxy: not data.
    }
    if (!plain) {
      throw new TypeError(
        `${who}: data is ${
          describe(data)
        } but must be a Float32Array, Int32Array, Float64Array, number or nested array`,
      );
    }
    nested = readNested(data, who);
  }
  const type = dtype ?? (data instanceof Int32Array ? "int32" : "float32");
  const inferred = nested ? nested.shape : [(data as ArrayLike<number>).length];
  const count = inferred.reduce((a, b) => a * b, 1);
  let shape = inferred;
  if (shapeOption !== undefined) {
    shape = checkShape(shapeOption, who);
    const want = shape.reduce((a, b) => a * b, 1);
    if (want !== count) {
      throw new TypeError(
        `${who}: shape [${shape}] needs ${want} elements but the data has ${count}`,
      );
    }
  }
  const flat: ArrayLike<number> = nested ? nested.values : data as ArrayLike<number>;
  const out = allocTensor(shape, type, who);
  const view = hostView(out);
  if (type === "float32") (view as Float32Array).set(flat);
  else if (flat instanceof Int32Array) (view as Int32Array).set(flat);
  else {
    try {
      toInt32(flat, view as Int32Array, who);
    } catch (err) {
      out.dispose();
      throw err;
    }
  }
  return out as Tensor<D>;
}
