/**
 * Host copies of `fit`'s inputs, and the batches cut from them.
 */

import { Tensor } from "../tensor/tensor.ts";
import { tensor } from "../tensor/creation.ts";
import { toTensor } from "../ops/_inputs.ts";

/** Samples on the host: `data` row-major, `shape[0]` samples. */
export interface HostData {
  readonly data: Int32Array | Float32Array;
  readonly shape: readonly number[];
}

/** What `fit`, `evaluate` and `predict` take for `x` and `y`. */
export type Samples = Tensor | Float32Array | Int32Array | readonly unknown[];

/** A host copy of `value` (int32 ids for a model starting with a table, float32 otherwise). */
export function hostData(
  value: unknown,
  dtype: "int32" | "float32",
  who: string,
  name: string,
): HostData {
  if (value instanceof Tensor && value.dtype === "int32" && dtype === "float32") {
    return { data: Float32Array.from(value.dataSync() as Int32Array), shape: value.shape };
  }
  if (value instanceof Int32Array && dtype === "float32") {
    return { data: Float32Array.from(value), shape: [value.length] };
  }
  const t = toTensor(value, dtype, who, name);
  if (t.rank === 0) {
    throw new TypeError(`${who}: ${name} is a scalar but must hold one entry per sample`);
  }
  return { data: t.dataSync().slice(), shape: t.shape };
}

/** Samples `rows` of `src`, as a tensor. */
export function rowsOf(src: HostData, rows: ArrayLike<number>): Tensor {
  const width = src.shape.slice(1).reduce((a, d) => a * d, 1);
  const Ctor = src.data instanceof Int32Array ? Int32Array : Float32Array;
  const out = new Ctor(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    out.set(src.data.subarray(rows[i] * width, (rows[i] + 1) * width), i * width);
  }
  return tensor(out, { shape: [rows.length, ...src.shape.slice(1)] });
}

/** The labels as `[n, k]` float32 for an output of width `k` (`[n]` → `[n, 1]`); `[n]` ids kept for sparse. */
export function labelsFor(
  y: HostData,
  outputWidth: number,
  sparse: boolean,
  who: string,
): HostData {
  const n = y.shape[0];
  const width = y.data.length / Math.max(n, 1);
  if (sparse) {
    if (width !== 1) {
      throw new TypeError(
        `${who}: y has shape [${y.shape}] but sparse labels must be [${n}] or [${n}, 1]`,
      );
    }
    return { data: Float32Array.from(y.data), shape: [n] };
  }
  if (width !== outputWidth || (y.shape.length > 2 && n > 0)) {
    throw new TypeError(
      `${who}: y has shape [${y.shape}] but the model outputs [${n}, ${outputWidth}]`,
    );
  }
  return { data: Float32Array.from(y.data), shape: [n, outputWidth] };
}

/** `[0, n)` shuffled in place by `uniform` (Fisher–Yates). */
export function shuffled(n: number, uniform: () => number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
