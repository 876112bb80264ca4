/**
 * Converting and checking tensor arguments at the op boundary: the table,
 * index tensors (with the one out-of-range policy), offsets and float data.
 * Index checks run through `check()` so `jit` replays them on new inputs.
 */

import { type DType, type Node, sizeOf } from "../graph/node.ts";
import type { Storage } from "../memory/storage.ts";
import { check, isRecording, type LeafData, type Reader } from "../graph/trace.ts";
import { storageOf } from "../graph/_dispose.ts";
import { hostView, Tensor, tensorInternals } from "../tensor/tensor.ts";
import { tensorOf } from "../tensor/_tensor_of.ts";
import { describe, formatIndex, type NestedArray } from "../tensor/_nested.ts";

/**
 * Index data users may pass: an int32 tensor, an `Int32Array`, nested
 * arrays of integers, or a float32 tensor whose values are all integers
 * (`tensor([1, 2])`, as PyTorch users write it; not inside `jit`).
 *
 * @example
 * ```ts
 * import { Embedding, type IndicesLike, tensor } from "@tessera/embed";
 * const e = new Embedding(10, 4, { seed: 0 });
 * const nested: IndicesLike = [[1, 2], [3, 4]];
 * const typed: IndicesLike = new Int32Array([5, 6]);
 * const ids: IndicesLike[] = [nested, typed, tensor([7], { dtype: "int32" })];
 * console.log(ids.map((i) => e.forward(i).shape)); // [[2, 2, 4], [2, 4], [1, 4]]
 * ```
 */
export type IndicesLike = Tensor | Int32Array | NestedArray;

/** A transient view of `n` elements of storage (the caller keeps the storage alive). */
export function viewOf(storage: Storage, n: number, dtype: DType): Int32Array | Float32Array {
  return storage.view(n, dtype);
}

/** Reads a realized leaf's data through a transient view (the node keeps the storage alive). */
export const readLeaf: Reader = (node: Node) =>
  viewOf(node.storage!, sizeOf(node.shape), node.dtype);

/** Checks the table argument: a 2-D float32 tensor. */
export function checkWeight(weight: unknown, who: string, name = "weight"): Tensor<"float32"> {
  if (!(weight instanceof Tensor)) {
    throw new TypeError(
      `${who}: ${name} is ${
        describe(weight)
      } but must be a Tensor (make one with tensor() or randn())`,
    );
  }
  if (weight.dtype !== "float32" || weight.rank !== 2) {
    throw new TypeError(
      `${who}: ${name} is a ${weight.dtype} tensor of shape [${weight.shape}] but must be a 2-D float32 tensor`,
    );
  }
  checkLive(weight, who, name);
  return weight as Tensor<"float32">;
}

/** Rejects a disposed tensor (its arena block may already hold another tensor's data). */
export function checkLive(t: Tensor, who: string, name: string): void {
  if (storageOf(tensorInternals().nodeOf(t))?.freed) {
    throw new TypeError(`${who}: ${name} is a disposed tensor of shape [${t.shape}]`);
  }
}

/** Converts to a realized tensor of a dtype (copying plain data once). */
export function toTensor<D extends "int32" | "float32">(
  value: unknown,
  dtype: D,
  who: string,
  name: string,
): Tensor<D> {
  if (value instanceof Tensor) {
    if (value.dtype === "float32" && dtype === "int32") {
      return integerTensor(value as Tensor<"float32">, who, name) as Tensor<D>;
    }
    if (value.dtype !== dtype) {
      throw new TypeError(`${who}: ${name} is a ${value.dtype} tensor but must be ${dtype}`);
    }
    checkLive(value, who, name);
    if (!value.realized) hostView(value);
    return value as Tensor<D>;
  }
  const typedOk = dtype === "int32" ? value instanceof Int32Array : value instanceof Float32Array;
  if (typedOk || Array.isArray(value) || typeof value === "number") {
    return copied(value as NestedArray, dtype, who, name);
  }
  const want = dtype === "int32"
    ? "an int32 tensor, Int32Array or (nested) array of integers"
    : "a float32 tensor, Float32Array or (nested) array of numbers";
  throw new TypeError(`${who}: ${name} is ${describe(value)} but must be ${want}`);
}

/** Copies plain data into a tensor, with `tensor()`'s errors renamed for the caller. */
function copied<D extends "int32" | "float32">(
  value: NestedArray | Float32Array,
  dtype: D,
  who: string,
  name: string,
  shape?: readonly number[],
): Tensor<D> {
  try {
    return tensorOf(value, dtype, shape, "tensor()") as Tensor<D>;
  } catch (err) {
    const message = (err as Error).message.replace("tensor(): data", `${who}: ${name}`)
      .replaceAll(" data[", ` ${name}[`);
    const Ctor = err instanceof RangeError ? RangeError : TypeError;
    throw new Ctor(message);
  }
}

/**
 * A float32 tensor used where int32 data is expected (`tensor([1, 2])` as
 * indices, as PyTorch users write): converted when every value is an integer.
 * Not inside `jit`, whose replays would keep reading the converted copy.
 */
function integerTensor(value: Tensor<"float32">, who: string, name: string): Tensor<"int32"> {
  checkLive(value, who, name);
  if (isRecording()) {
    throw new TypeError(
      `${who}: ${name} is a float32 tensor inside jit but must be int32 there ` +
        `(make it with tensor(data, { dtype: "int32" }))`,
    );
  }
  const data = hostView(value);
  for (let j = 0; j < data.length; j++) {
    if (Number.isInteger(data[j])) continue;
    throw new TypeError(
      `${who}: ${name}${formatIndex(j, value.shape)} is ${data[j]} but ${name} must be ` +
        `integers (a float32 tensor is accepted only when every value is an integer)`,
    );
  }
  return copied(data, "int32", who, name, value.shape);
}

/**
 * Converts indices and checks every value lies in `[0, V)` (the check is
 * recorded for `jit` replays).
 *
 * @throws {TypeError} For non-integer or non-int32 data.
 * @throws {RangeError} For an index outside `[0, V)`, naming its position.
 */
export function indicesFrom(
  value: unknown,
  V: number,
  who: string,
  name = "indices",
): Tensor<"int32"> {
  const idx = toTensor(value, "int32", who, name);
  check([tensorInternals().nodeOf(idx)], rangeCheck(V, idx.shape, who, name), readLeaf);
  return idx;
}

/** The range check of `indicesFrom()` (a top-level closure: it holds no tensor or node). */
function rangeCheck(V: number, shape: readonly number[], who: string, name: string) {
  return ([data]: readonly LeafData[]): void => {
    for (let j = 0; j < data.length; j++) {
      const k = data[j];
      if (k >= 0 && k < V) continue;
      const at = `${name}${formatIndex(j, shape)}`;
      throw new RangeError(
        k < 0
          ? `${who}: ${at} is ${k} but indices must be non-negative (numEmbeddings is ${V})`
          : `${who}: ${at} is ${k} but numEmbeddings is ${V}`,
      );
    }
  };
}

/** The node behind a tensor. */
export function nodeOf(t: Tensor): Node {
  return tensorInternals().nodeOf(t);
}

/** Counts entries equal to `pad`. */
export function countEqual(data: Int32Array | Float32Array, pad: number | null): number {
  if (pad === null) return 0;
  let n = 0;
  for (let j = 0; j < data.length; j++) if (data[j] === pad) n++;
  return n;
}

let seen = new Uint8Array(0);

/**
 * Counts distinct entries of `data` (all in `[0, V)`) other than `pad`. With
 * a bitset of V bits when it is small next to the data: for a million rows it
 * is 125 KB and stays in cache, where a per-row array would miss on nearly
 * every index. A huge `V` with few indices sorts a copy instead, so the cost
 * never depends on `V` alone. The bitset is left all zero, whatever happens.
 */
export function countDistinct(
  data: Int32Array | Float32Array,
  pad: number | null,
  V: number,
): number {
  const bytes = Math.ceil(V / 8);
  if (bytes > 8 * data.length + 65536) {
    const sorted = Int32Array.from(data).sort();
    let n = 0;
    for (let j = 0; j < sorted.length; j++) {
      const k = sorted[j];
      if (k !== pad && (j === 0 || k !== sorted[j - 1])) n++;
    }
    return n;
  }
  if (seen.length < bytes) seen = new Uint8Array(Math.max(bytes, seen.length * 2));
  let n = 0;
  try {
    for (let j = 0; j < data.length; j++) {
      const k = data[j];
      if (k === pad) continue;
      const at = k >>> 3, bit = 1 << (k & 7);
      if ((seen[at] & bit) === 0) {
        seen[at] |= bit;
        n++;
      }
    }
  } finally {
    // Clear whatever was touched, by the cheaper of the two ways.
    if (data.length >= seen.length) seen.fill(0);
    else for (let j = 0; j < data.length; j++) seen[data[j] >>> 3] = 0;
  }
  return n;
}
