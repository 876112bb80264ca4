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

/** The tensors of a tree and how to put new ones in their places. */
export interface Flat {
  readonly leaves: Tensor[];
  readonly rebuild: (leaves: readonly Tensor[]) => unknown;
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

/** Flattens a tree of tensors; throws a TypeError naming the path of anything else. */
export function flattenTree(tree: unknown, who: string): Flat {
  const leaves: Tensor[] = [];
  let depth = 0;
  const build = (value: unknown, path: string): (next: () => Tensor) => unknown => {
    if (depth > MAX_DEPTH) {
      throw ours(
        new RangeError(
          `${who}: result${path.slice(0, 60)}… is nested more than ${MAX_DEPTH} deep (or cyclic)`,
        ),
      );
    }
    depth++;
    try {
      return buildNode(value, path);
    } finally {
      depth--;
    }
  };
  const buildNode = (value: unknown, path: string): (next: () => Tensor) => unknown => {
    if (value instanceof Tensor) {
      leaves.push(value);
      return (next) => next();
    }
    if (value instanceof RowSparseGrad) {
      leaves.push(value.indices, value.values);
      const { numEmbeddings, coalesced } = value;
      return (next) => RowSparseGrad.fromParts(next(), next(), numEmbeddings, coalesced);
    }
    if (value === undefined) return () => undefined;
    if (Array.isArray(value)) {
      if (value.length > MAX_ITEMS) {
        throw ours(
          new RangeError(
            `${who}: result${path} is an array of length ${value.length} but at most ${MAX_ITEMS}`,
          ),
        );
      }
      const parts: ((next: () => Tensor) => unknown)[] = [];
      for (let i = 0; i < value.length; i++) parts.push(build(value[i], `${path}[${i}]`));
      return (next) => parts.map((p) => p(next));
    }
    if (
      value !== null && typeof value === "object" &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      const keys = Object.keys(value);
      const parts = keys.map((k) => build((value as Record<string, unknown>)[k], `${path}.${k}`));
      return (next) => Object.fromEntries(keys.map((k, i) => [k, parts[i](next)]));
    }
    throw ours(
      new TypeError(
        `${who}: result${path} is ${
          describe(value)
        } but results must be tensors, RowSparseGrads, or arrays and plain objects of them`,
      ),
    );
  };
  let rebuildTree: (next: () => Tensor) => unknown;
  try {
    rebuildTree = build(tree, "");
  } catch (err) {
    if (err instanceof Error && own.has(err)) throw err;
    throw new TypeError(`${who}: a result could not be read (${errorText(err)})`);
  }
  return {
    leaves,
    rebuild: (next) => {
      let i = 0;
      return rebuildTree(() => next[i++]);
    },
  };
}
