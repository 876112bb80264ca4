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

/** The names (keys or indices) of a tree, checked to hold float32 tensors. */
export function names(tree: unknown, who: string, what: string): string[] {
  if (tree === null || typeof tree !== "object" || tree instanceof Tensor) {
    throw new TypeError(
      `${who}: ${what} is ${describe(tree)} but must be an array or object of tensors`,
    );
  }
  const keys = Object.keys(tree);
  for (const k of keys) {
    const t = (tree as Record<string, unknown>)[k];
    if (!(t instanceof Tensor) || t.dtype !== "float32") {
      throw new TypeError(`${who}: ${what}.${k} is ${describe(t)} but must be a float32 tensor`);
    }
  }
  return keys;
}

/** Maps a function over trees with the same names (the first tree's), keeping its shape. */
export function mapTrees<P extends ParamTree>(
  who: string,
  trees: readonly [string, unknown][],
  fn: (...ts: Tensor<"float32">[]) => Tensor<"float32">,
): P {
  const [first, ...rest] = trees;
  const keys = names(first[1], who, first[0]);
  for (const [what, tree] of rest) {
    const other = names(tree, who, what);
    if (other.length !== keys.length || keys.some((k, i) => other[i] !== k)) {
      throw new TypeError(
        `${who}: ${what} does not have the names of ${first[0]} (${keys.join(", ")})`,
      );
    }
  }
  for (const k of keys) {
    const shape = (first[1] as Record<string, Tensor>)[k].shape;
    for (const [what, tree] of rest) {
      const s = (tree as Record<string, Tensor>)[k].shape;
      if (s.length !== shape.length || s.some((d, i) => d !== shape[i])) {
        throw new TypeError(
          `${who}: ${what}.${k} has shape [${s}] but ${first[0]}.${k} has [${shape}]`,
        );
      }
    }
  }
  const out: Record<string, Tensor<"float32">> = {};
  for (const k of keys) {
    out[k] = fn(...trees.map(([, t]) => (t as Record<string, Tensor<"float32">>)[k]));
  }
  return (Array.isArray(first[1]) ? keys.map((k) => out[k]) : out) as unknown as P;
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
