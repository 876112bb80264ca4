/**
 * Reading the matrices the projections take (a `[n, d]` tensor, rows as
 * arrays or typed arrays, or a flat array with a shape) into one row-major
 * `Float64Array`, with Tessera's errors naming the function and the value.
 */

import { Tensor } from "../tensor/tensor.ts";
import { describe } from "../tensor/_nested.ts";
import { checkLive } from "../ops/_inputs.ts";

export type { MatrixLike } from "./matrix_like.ts";

/** A dense row-major matrix of doubles. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

function finite(v: unknown, who: string, name: string, i: number, j: number): number {
  if (typeof v !== "number") {
    throw new TypeError(`${who}: ${name}[${i},${j}] is ${describe(v)} but must be a number`);
  }
  if (!Number.isFinite(v)) {
    throw new RangeError(`${who}: ${name}[${i},${j}] is ${v} but must be finite`);
  }
  return v;
}

function fromFlat(
  flat: ArrayLike<number>,
  shape: readonly number[],
  who: string,
  name: string,
): Matrix {
  if (shape.length !== 2) {
    throw new TypeError(`${who}: ${name} has shape [${shape.join(", ")}] but must be 2-D [n, d]`);
  }
  const [rows, cols] = shape;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new TypeError(`${who}: ${name}.shape is [${shape.join(", ")}] but must be two integers`);
  }
  if (flat.length !== rows * cols) {
    throw new TypeError(
      `${who}: ${name} holds ${flat.length} values but its shape [${rows}, ${cols}] needs ${
        rows * cols
      }`,
    );
  }
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) data[i * cols + j] = finite(flat[i * cols + j], who, name, i, j);
  }
  return { data, rows, cols };
}

/**
 * Reads `x` into a `Float64Array` matrix.
 *
 * @throws {TypeError} If `x` is not a matrix, rows differ in length, or a value is not a number.
 * @throws {RangeError} If a value is NaN or infinite.
 */
export function toMatrix(x: unknown, who: string, name = "x"): Matrix {
  if (x instanceof Tensor) {
    checkLive(x, who, name);
    return fromFlat(x.dataSync(), x.shape, who, name);
  }
  if (x !== null && typeof x === "object" && !Array.isArray(x) && "shape" in x && "data" in x) {
    const { data, shape } = x as { data: unknown; shape: unknown };
    if (!Array.isArray(shape) || !(Array.isArray(data) || ArrayBuffer.isView(data))) {
      throw new TypeError(
        `${who}: ${name} is ${describe(x)} but must hold an array data and a shape [n, d]`,
      );
    }
    return fromFlat(data as ArrayLike<number>, shape, who, name);
  }
  if (!Array.isArray(x)) {
    throw new TypeError(
      `${who}: ${name} is ${
        describe(x)
      } but must be a 2-D tensor, an array of rows, or {data, shape}`,
    );
  }
  const rows = x.length;
  const first = x[0];
  const cols = rows === 0 ? 0 : (first as ArrayLike<number>)?.length;
  const data = new Float64Array(rows * (cols ?? 0));
  for (let i = 0; i < rows; i++) {
    const row = x[i] as unknown;
    if (!(Array.isArray(row) || (ArrayBuffer.isView(row) && !(row instanceof DataView)))) {
      throw new TypeError(
        `${who}: ${name}[${i}] is ${describe(row)} but must be an array of numbers`,
      );
    }
    const r = row as ArrayLike<unknown>;
    if (r.length !== cols) {
      throw new TypeError(
        `${who}: ${name}[${i}] has length ${r.length} but ${name}[0] has ${cols}`,
      );
    }
    for (let j = 0; j < cols; j++) data[i * cols + j] = finite(r[j], who, name, i, j);
  }
  return { data, rows, cols };
}
