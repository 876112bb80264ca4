/**
 * The Adam family's shared rule (`torch.optim.Adam` and `AdamW`, 1.13,
 * single-tensor path): L2 weight decay added to the gradient (Adam) or
 * decoupled, the parameter scaled by `1 - lr * weightDecay` (AdamW).
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import type { Tensor } from "../tensor/tensor.ts";
import { add, div, maximum, mul, neg, sqrt } from "../ops/elementwise.ts";
import { zeros } from "../tensor/creation.ts";
import { RowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { betas, checkBetas, EXPECTED, flag, lr, nonNegative } from "./_schemas.ts";
import type { Rule } from "./_rule.ts";

import type { AdamOptions } from "./adam.ts";

/** The options of a group of Adam or AdamW, all set. */
export type AdamGroup = Required<AdamOptions>;

/**
 * Counts an Adam-family step: creates the zero moments (`expAvg`,
 * `expAvgSq`) on the first one, and returns the new step number.
 */
export function nextAdamStep(state: Record<string, unknown>, p: Tensor<"float32">): number {
  if (state.step === undefined) {
    state.step = 0;
    state.expAvg = zeros(p.shape);
    state.expAvgSq = zeros(p.shape);
  }
  const step = (state.step as number) + 1;
  state.step = step;
  return step;
}

/** The options' schema. */
export const adamSchema = z.strictObject({
  lr,
  betas,
  eps: nonNegative,
  weightDecay: nonNegative,
  amsgrad: flag,
  maximize: flag,
});

/** The rule of Adam (`decoupled: false`) or AdamW. */
export function adamRule(name: string, decoupled: boolean): Rule<AdamGroup> {
  return {
    schema: adamSchema,
    expected: EXPECTED,
    checkGroup: (group, who) => checkBetas(group.betas, who),
    checkGrad(_p, g, _group, who) {
      if (g instanceof RowSparseGrad) {
        throw new TypeError(
          `${who}: ${name} does not support sparse gradients (a table read with sparse: true); use SparseAdam`,
        );
      }
    },
    update(p, grad, state, group, changes) {
      const { lr, betas: [b1, b2], eps, weightDecay, amsgrad, maximize } = group;
      let g = grad as Tensor<"float32">;
      const step = nextAdamStep(state, p);
      if (amsgrad && state.maxExpAvgSq === undefined) state.maxExpAvgSq = zeros(p.shape);
      if (maximize) g = neg(g);
      let w: Tensor<"float32"> = p;
      if (decoupled) w = mul(p, 1 - lr * weightDecay);
      else if (weightDecay !== 0) g = add(g, mul(p, weightDecay));
      const m = state.expAvg as Tensor<"float32">, v = state.expAvgSq as Tensor<"float32">;
      changes.set(m, add(mul(m, b1), mul(g, 1 - b1)));
      changes.set(v, add(mul(v, b2), mul(mul(g, 1 - b2), g)));
      const bc1 = 1 - b1 ** step, bc2 = 1 - b2 ** step;
      let second = v;
      if (amsgrad) {
        const max = state.maxExpAvgSq as Tensor<"float32">;
        changes.set(max, maximum(max, v));
        second = max;
      }
      const denom = add(div(sqrt(second), Math.sqrt(bc2)), eps);
      changes.set(p, add(w, div(mul(m, -(lr / bc1)), denom)));
    },
  };
}
