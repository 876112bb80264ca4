/**
 * Pure optimizers in optax's shape: a `GradientTransformation` has
 * `init(params)` and `update(grads, state, params)`, returning the updates
 * and the new state without changing anything; `applyUpdates(params,
 * updates)` adds them. Everything is a tensor, so a whole train step
 * (`valueAndGrad`, `update`, `applyUpdates`) can run under `jit`.
 *
 * @module
 */

import { Tensor } from "../../tensor/tensor.ts";
import { add } from "../../ops/elementwise.ts";
import { describe } from "../../tensor/_nested.ts";
import { readEntries } from "../../ops/_read_list.ts";

/** Parameters, gradients or updates: an array or an object of float32 tensors. */
export type ParamTree =
  | readonly Tensor<"float32">[]
  | { readonly [name: string]: Tensor<"float32"> };

/**
 * An optimizer as a pair of pure functions (optax's `GradientTransformation`).
 *
 * @example
 * ```ts
 * import { applyUpdates, type GradientTransformation, sgd, tensor } from "@tessera/embed";
 * const tx: GradientTransformation<unknown> = sgd({ lr: 0.5 });
 * const params = { w: tensor([1, 2]) };
 * const { updates } = tx.update({ w: tensor([1, 1]) }, tx.init(params), params);
 * console.log(await applyUpdates(params, updates).w.toArray()); // [0.5, 1.5]
 * ```
 */
export interface GradientTransformation<S> {
  /** The initial state for `params`. */
  init(params: ParamTree): S;
  /** The updates to add to `params` for `grads`, and the next state. */
  update<P extends ParamTree>(grads: P, state: S, params: P): { updates: P; state: S };
}

/** The names of a tree's float32 tensors (each read once), in its order. */
export function names(tree: unknown, who: string, what: string): string[] {
  return tensorsOf(tree, who, what).map(([k]) => k);
}

/** A tree's `[name, float32 tensor]` entries, each value read once (a getter that throws is a `TypeError`). */
function tensorsOf(tree: unknown, who: string, what: string): [string, Tensor<"float32">][] {
  if (tree === null || typeof tree !== "object" || tree instanceof Tensor) {
    throw new TypeError(
      `${who}: ${what} is ${describe(tree)} but must be an array or object of tensors`,
    );
  }
  const entries = readEntries(tree, who, what);
  for (const [k, t] of entries) {
    if (!(t instanceof Tensor) || t.dtype !== "float32") {
      throw new TypeError(`${who}: ${what}.${k} is ${describe(t)} but must be a float32 tensor`);
    }
  }
  return entries as [string, Tensor<"float32">][];
}

/** Maps a function over trees with the same names (the first tree's), keeping its shape. */
export function mapTrees<P extends ParamTree>(
  who: string,
  trees: readonly [string, unknown][],
  fn: (...ts: Tensor<"float32">[]) => Tensor<"float32">,
): P {
  const read = trees.map(([what, tree]) => new Map(tensorsOf(tree, who, what)));
  const [first, ...rest] = read, keys = [...first.keys()];
  for (const [i, other] of rest.entries()) {
    const otherKeys = [...other.keys()];
    if (otherKeys.length !== keys.length || keys.some((k, j) => otherKeys[j] !== k)) {
      throw new TypeError(
        `${who}: ${trees[i + 1][0]} does not have the names of ${trees[0][0]} (${keys.join(", ")})`,
      );
    }
  }
  for (const k of keys) {
    const shape = first.get(k)!.shape;
    for (const [i, other] of rest.entries()) {
      const s = other.get(k)!.shape;
      if (s.length !== shape.length || s.some((d, j) => d !== shape[j])) {
        throw new TypeError(
          `${who}: ${trees[i + 1][0]}.${k} has shape [${s}] but ${trees[0][0]}.${k} has [${shape}]`,
        );
      }
    }
  }
  const out: Record<string, Tensor<"float32">> = {};
  for (const k of keys) out[k] = fn(...read.map((m) => m.get(k)!));
  return (Array.isArray(trees[0][1]) ? keys.map((k) => out[k]) : out) as unknown as P;
}

/**
 * `params + updates`, name by name (optax's `apply_updates`).
 *
 * @example
 * ```ts
 * import { applyUpdates, tensor } from "@tessera/embed";
 * console.log(await applyUpdates([tensor([1, 2])], [tensor([0.5, -1])])[0].toArray()); // [1.5, 1]
 * ```
 *
 * @param params Parameters (an array or object of float32 tensors).
 * @param updates What a transformation's `update` returned, with the same names and shapes.
 * @returns The new parameters (lazy).
 * @throws {TypeError} For trees of other names or shapes, or values that are not float32 tensors.
 */
export function applyUpdates<P extends ParamTree>(params: P, updates: P): P {
  return mapTrees<P>(
    "applyUpdates()",
    [["params", params], ["updates", updates]],
    (p, u) => add(p, u),
  );
}
