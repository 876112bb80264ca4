/**
 * `jit`'s view of its arguments: one walk over the argument tree finds the
 * dynamic leaves (tensors, `Int32Array`/`Float32Array` data, the two halves
 * of a `RowSparseGrad`) wherever they are nested, and serialises everything
 * else into the cache key. The key distinguishes every static value with
 * `Object.is` semantics (NaN, ±Infinity, -0, `undefined` versus a missing
 * key, `"3"` versus `3`, arrays versus objects, holes, key order) and
 * records which dynamic leaves are the same storage.
 */

import { Tensor, tensorInternals } from "../tensor/tensor.ts";
import { tensor } from "../tensor/creation.ts";
import { RowSparseGrad } from "../sparse/row_sparse_grad.ts";
import type { Storage } from "../memory/storage.ts";

/** Arguments as `jit` sees them. */
export interface Bound {
  /** The cache key: shapes, dtypes and aliasing of the leaves, and every static value. */
  readonly key: string;
  /** Distinct dynamic leaves (by storage), in order of first appearance. */
  readonly leaves: readonly Tensor[];
  /** Where each leaf was first found, for messages (`argument 0.ids`). */
  readonly paths: readonly string[];
  /** Leaf index of each dynamic object (tensor or typed array) met in the walk. */
  readonly leafOf: ReadonlyMap<object, number>;
  /** Arrays and objects with a dynamic leaf somewhere inside. */
  readonly holders: ReadonlySet<object>;
}

const ACCEPTED = "jit arguments must be tensors, Int32Array or Float32Array data, " +
  "RowSparseGrads, or numbers, strings, booleans, null, undefined and plain arrays and objects " +
  "of them (capture other values in a closure)";

/** A description of a rejected value that cannot itself throw. */
function kindOf(value: unknown): string {
  switch (typeof value) {
    case "bigint":
      return `a BigInt (${value}n)`;
    case "symbol":
      return `a Symbol (${String(value)})`;
    case "function":
      return "a function";
  }
  let name: unknown;
  try {
    name = Object.getPrototypeOf(value)?.constructor?.name;
  } catch {
    name = undefined;
  }
  return typeof name === "string" && name !== "" ? `a ${name}` : "an object";
}

function numberKey(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}

/** Deepest argument tree accepted (deeper is a `RangeError`, never a stack overflow). */
const MAX_DEPTH = 1000;

const isIndex = (k: string, length: number) => String(Number(k)) === k && Number(k) < length;

/** Walks the arguments; see the module comment. */
export function bindArgs(args: readonly unknown[], who: string): Bound {
  const leaves: Tensor[] = [], paths: string[] = [];
  const leafOf = new Map<object, number>(), byStorage = new Map<Storage, number>();
  const open = new Map<object, string>(), holders = new Set<object>();
  let key = "", dynamic = 0;

  const leaf = (t: Tensor, source: object, path: string) => {
    const storage = tensorInternals().nodeOf(t).storage;
    let i = storage === undefined ? undefined : byStorage.get(storage);
    if (i === undefined) {
      i = leaves.length;
      leaves.push(t);
      paths.push(path);
      if (storage !== undefined) byStorage.set(storage, i);
    }
    leafOf.set(source, i);
    dynamic++;
    key += `T${t.dtype}[${t.shape}]@${i};`;
  };

  const walk = (value: unknown, path: string, depth: number): void => {
    switch (typeof value) {
      case "undefined":
        key += "u;";
        return;
      case "boolean":
        key += value ? "t;" : "f;";
        return;
      case "number":
        key += `n${numberKey(value)};`;
        return;
      case "string":
        key += `s${JSON.stringify(value)};`;
        return;
      case "bigint":
      case "symbol":
      case "function":
        throw new TypeError(`${who}: argument ${path} is ${kindOf(value)} but ${ACCEPTED}`);
    }
    if (value === null) {
      key += "z;";
      return;
    }
    const object = value as object;
    const seen = leafOf.get(object);
    if (seen !== undefined) {
      dynamic++;
      const t = leaves[seen];
      key += `T${t.dtype}[${t.shape}]@${seen};`;
      return;
    }
    if (object instanceof Tensor) return leaf(object, object, path);
    if (object instanceof Int32Array || object instanceof Float32Array) {
      return leaf(tensor(object), object, path);
    }
    if (object instanceof RowSparseGrad) {
      key += `R${numberKey(object.numEmbeddings)},${object.coalesced}(`;
      walk(object.indices, `${path}.indices`, depth + 1);
      walk(object.values, `${path}.values`, depth + 1);
      key += ");";
      return;
    }
    if (open.has(object)) {
      throw new TypeError(
        `${who}: argument ${path} refers back to argument ${open.get(object)} ` +
          `but jit arguments must not be circular`,
      );
    }
    if (depth >= MAX_DEPTH) {
      throw new RangeError(`${who}: argument ${path} is nested more than ${MAX_DEPTH} levels deep`);
    }
    open.set(object, path);
    const before = dynamic;
    if (Array.isArray(object)) walkArray(object, path, depth);
    else if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
      const items = object as unknown as ArrayLike<number | bigint>;
      key += `${object.constructor.name}(`;
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        key += `${typeof item === "number" ? numberKey(item) : String(item)},`;
      }
      key += ");";
    } else {
      const proto = Object.getPrototypeOf(object);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`${who}: argument ${path} is ${kindOf(object)} but ${ACCEPTED}`);
      }
      if (Object.getOwnPropertySymbols(object).length > 0) {
        throw new TypeError(`${who}: argument ${path} has Symbol keys but ${ACCEPTED}`);
      }
      key += proto === null ? "O{" : "{";
      for (const k of Object.keys(object)) {
        key += `${JSON.stringify(k)}:`;
        walk((object as Record<string, unknown>)[k], `${path}.${k}`, depth + 1);
      }
      key += "};";
    }
    open.delete(object);
    if (dynamic > before) holders.add(object);
  };

  const walkArray = (array: readonly unknown[], path: string, depth: number) => {
    const keys = Object.keys(array);
    if (keys.length === array.length) {
      key += "[";
      for (let i = 0; i < array.length; i++) walk(array[i], `${path}[${i}]`, depth + 1);
      key += "];";
      return;
    }
    // Sparse: holes are not `undefined`; walk the present entries only.
    key += `[${array.length}|`;
    for (const k of keys) {
      if (!isIndex(k, array.length)) continue;
      key += `${k}:`;
      walk(array[Number(k)], `${path}[${k}]`, depth + 1);
    }
    key += "];";
  };

  args.forEach((arg, i) => walk(arg, `${i}`, 0));
  return { key, leaves, paths, leafOf, holders };
}

/**
 * The arguments for a trace: each dynamic leaf replaced by its tracer.
 * Arrays and objects are copied only on the way to a dynamic leaf;
 * everything else is passed as it is.
 */
export function traceArgs(
  args: readonly unknown[],
  bound: Bound,
  tracers: readonly Tensor[],
): unknown[] {
  const swap = (value: unknown): unknown => {
    if (value === null || typeof value !== "object") return value;
    const i = bound.leafOf.get(value);
    if (i !== undefined) return tracers[i];
    if (value instanceof RowSparseGrad) {
      const indices = swap(value.indices) as Tensor, values = swap(value.values) as Tensor;
      return RowSparseGrad.fromParts(indices, values, value.numEmbeddings, value.coalesced);
    }
    if (!bound.holders.has(value)) return value;
    const copy = Array.isArray(value)
      ? new Array(value.length)
      : Object.create(Object.getPrototypeOf(value));
    for (const k of Object.keys(value)) copy[k] = swap((value as Record<string, unknown>)[k]);
    return copy;
  };
  return args.map(swap);
}
