/**
 * Flattening the values `jit` and `realize` accept and return: tensors,
 * row-sparse gradients, and arrays and plain objects of them.
 */

import { Tensor } from "../tensor/tensor.ts";
import { RowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { describe, errorText } from "../tensor/_nested.ts";

/**
 * A value made of tensors.
 *
 * @example
 * ```ts
 * import { embeddingForward, realize, tensor, type TensorTree } from "@tessera/embed";
 * const w = tensor([[0, 1], [2, 3]]);
 * const query = embeddingForward(w, [0]);
 * const keys = [embeddingForward(w, [1]), embeddingForward(w, [0, 1])];
 * const batch: TensorTree = { query, keys };
 * await realize(batch);
 * console.log(query.realized && keys.every((k) => k.realized)); // true
 * ```
 */
export type TensorTree =
  | Tensor
  | RowSparseGrad
  | readonly TensorTree[]
  | { readonly [key: string]: TensorTree | undefined }
  | undefined;

/**
 * The structure of a tree without its tensors: plain data, so whatever keeps
 * it (a `jit` cache entry) keeps no tensor alive.
 */
export type TreeDef =
  | { readonly kind: "tensor" }
  | { readonly kind: "undefined" }
  | { readonly kind: "sparse"; readonly numEmbeddings: number; readonly coalesced: boolean }
  | { readonly kind: "array"; readonly items: readonly TreeDef[] }
  | {
    readonly kind: "object";
    readonly keys: readonly string[];
    readonly items: readonly TreeDef[];
  };

/** The tensors of a tree and its structure. */
export interface Flat {
  readonly leaves: Tensor[];
  readonly def: TreeDef;
}

/** Deepest tree accepted (deeper, or cyclic, is a `RangeError`, never a stack overflow). */
const MAX_DEPTH = 64;
/** Longest array accepted in a tree. */
const MAX_ITEMS = 2 ** 24;
/** Errors raised by `flattenTree` itself (others come from reading the value and are wrapped). */
const own = new WeakSet<Error>();

function ours<E extends Error>(error: E): E {
  own.add(error);
  return error;
}

const LEAF: TreeDef = { kind: "tensor" };
const NONE: TreeDef = { kind: "undefined" };

/** Flattens a tree of tensors; throws a TypeError naming the path of anything else. */
export function flattenTree(tree: unknown, who: string): Flat {
  const leaves: Tensor[] = [];
  const build = (value: unknown, path: string, depth: number): TreeDef => {
    if (value instanceof Tensor) {
      leaves.push(value);
      return LEAF;
    }
    if (value instanceof RowSparseGrad) {
      leaves.push(value.indices, value.values);
      return { kind: "sparse", numEmbeddings: value.numEmbeddings, coalesced: value.coalesced };
    }
    if (value === undefined) return NONE;
    if (depth > MAX_DEPTH) {
      throw ours(
        new RangeError(
          `${who}: result${path.slice(0, 60)}… is nested more than ${MAX_DEPTH} deep (or cyclic)`,
        ),
      );
    }
    if (Array.isArray(value)) {
      if (value.length > MAX_ITEMS) {
        throw ours(
          new RangeError(
            `${who}: result${path} is an array of length ${value.length} but at most ${MAX_ITEMS}`,
          ),
        );
      }
      const items: TreeDef[] = [];
      for (let i = 0; i < value.length; i++) {
        items.push(build(value[i], `${path}[${i}]`, depth + 1));
      }
      return { kind: "array", items };
    }
    if (
      value !== null && typeof value === "object" &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      const keys = Object.keys(value);
      const items = keys.map((k) =>
        build((value as Record<string, unknown>)[k], `${path}.${k}`, depth + 1)
      );
      return { kind: "object", keys, items };
    }
    throw ours(
      new TypeError(
        `${who}: result${path} is ${
          value instanceof Promise
            ? "a Promise (traced functions must not be async)"
            : describe(value)
        } but results must be tensors, RowSparseGrads, or arrays and plain objects of them`,
      ),
    );
  };
  try {
    return { leaves, def: build(tree, "", 0) };
  } catch (err) {
    if (err instanceof Error && own.has(err)) throw err;
    throw new TypeError(`${who}: a result could not be read (${errorText(err)})`);
  }
}

/**
 * Puts `leaves`, in order, in the places of a flattened tree's tensors;
 * `sparse` makes each row-sparse gradient from its two parts.
 */
export function unflattenTree(
  def: TreeDef,
  leaves: readonly Tensor[],
  sparse: typeof RowSparseGrad.fromParts = RowSparseGrad.fromParts,
): unknown {
  let at = 0;
  const build = (d: TreeDef): unknown => {
    switch (d.kind) {
      case "tensor":
        return leaves[at++];
      case "undefined":
        return undefined;
      case "sparse": {
        const indices = leaves[at++], values = leaves[at++];
        return sparse(indices, values, d.numEmbeddings, d.coalesced);
      }
      case "array":
        return d.items.map(build);
      case "object":
        return Object.fromEntries(d.keys.map((k, i) => [k, build(d.items[i])]));
    }
  };
  return build(def);
}
