/**
 * Keras' Adam as an `Optimizer` rule: `w −= lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) ·
 * m / (√v + ε)`, ε added before the bias correction (PyTorch adds it after).
 * Only the step's scalar changes from step to step, so its plan is reused.
 */

import type { Tensor } from "../tensor/tensor.ts";
import { add, div, mul, sqrt } from "../ops/elementwise.ts";
import { RowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { Optimizer } from "../optim/optimizer.ts";
import { defineRule } from "../optim/_rule.ts";
import { type AdamGroup, adamSchema, nextAdamStep } from "../optim/_adam.ts";
import { EXPECTED } from "../optim/_schemas.ts";

defineRule<AdamGroup>("KerasAdam", {
  schema: adamSchema,
  expected: EXPECTED,
  checkGrad(_p, g, _group, who) {
    if (g instanceof RowSparseGrad) {
      throw new TypeError(
        `${who}: Keras' Adam takes dense gradients (a table read with sparse: true)`,
      );
    }
  },
  update(p, grad, state, group, changes) {
    const { lr, betas: [b1, b2], eps } = group;
    const g = grad as Tensor<"float32">;
    const step = nextAdamStep(state, p);
    const m = state.expAvg as Tensor<"float32">, v = state.expAvgSq as Tensor<"float32">;
    changes.set(m, add(mul(m, b1), mul(g, 1 - b1)));
    changes.set(v, add(mul(v, b2), mul(mul(g, 1 - b2), g)));
    const rate = (lr * Math.sqrt(1 - b2 ** step)) / (1 - b1 ** step);
    changes.set(p, add(p, div(mul(m, -rate), add(sqrt(v), eps))));
  },
});

/** Keras 2's `Adam()` defaults: lr 1e-3, β (0.9, 0.999), ε 1e-7. */
export class KerasAdam extends Optimizer<AdamGroup> {
  constructor(params: Tensor<"float32">[]) {
    const defaults = {
      lr: 1e-3,
      betas: [0.9, 0.999] as [number, number],
      eps: 1e-7,
      weightDecay: 0,
      amsgrad: false,
      maximize: false,
    };
    super("KerasAdam", params, defaults);
  }
}
