/**
 * Which tensors carry a constraint (a table's `embeddingsConstraint`), so
 * that every optimizer step that updates them applies it in the same plan,
 * as Keras applies a variable's constraint right after its update.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import type { Constraint } from "./constraints.ts";

const constraints = new WeakMap<Tensor, Constraint>();

/** Records that optimizer steps must apply `c` to `t`. */
export function constrain(t: Tensor<"float32">, c: Constraint): void {
  constraints.set(t, c);
}

/** The constraint of a tensor, if any. */
export function constraintOf(t: Tensor): Constraint | undefined {
  return constraints.get(t);
}
