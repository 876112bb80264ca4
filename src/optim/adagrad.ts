/**
 * `Adagrad`, as `torch.optim.Adagrad` (1.13), dense and row-sparse.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import type { Tensor } from "../tensor/tensor.ts";
import { add, div, mul, neg, sqrt } from "../ops/elementwise.ts";
import { full } from "../tensor/creation.ts";
import { parseOptions } from "../ops/_options.ts";
import { RowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { Optimizer } from "./optimizer.ts";
import type { ParamsInput } from "./_params.ts";
import { EXPECTED, flag, lr, nonNegative } from "./_schemas.ts";
import { defineRule } from "./_rule.ts";
import { coalesced, rowsOf } from "./_apply.ts";

/**
 * Options of `Adagrad` (and of its parameter groups).
 *
 * @example
 * ```ts
 * import { Adagrad, type AdagradOptions, tensor } from "@tessera/embed";
 * const w = tensor([1]);
 * w.requiresGrad = true;
 * const options: AdagradOptions = { lr: 0.1, initialAccumulatorValue: 0.1 };
 * console.log(new Adagrad([w], options).paramGroups[0].eps); // 1e-10
 * ```
 */
export interface AdagradOptions {
  /** Learning rate. @default 1e-2 */
  lr?: number;
  /** Decay of the learning rate: step `t` uses `lr / (1 + (t - 1) * lrDecay)`. @default 0 */
  lrDecay?: number;
  /** L2 penalty added to the gradient (dense gradients only). @default 0 */
  weightDecay?: number;
  /** Starting value of the squared-gradient sums. @default 0 */
  initialAccumulatorValue?: number;
  /** Added to the denominator. @default 1e-10 */
  eps?: number;
  /** Maximize the objective instead of minimizing. @default false */
  maximize?: boolean;
}

type Group = Required<AdagradOptions>;

/** The options' schema (shared with the `adagrad` transform). */
export const adagradSchema = z.strictObject({
  lr,
  lrDecay: nonNegative,
  weightDecay: nonNegative,
  initialAccumulatorValue: nonNegative,
  eps: nonNegative,
  maximize: flag,
});

defineRule<Group>("Adagrad", {
  schema: adagradSchema,
  expected: EXPECTED,
  initialState: (p, group) => ({ step: 0, sum: full(p.shape, group.initialAccumulatorValue) }),
  checkGrad(_p, g, group, who) {
    if (g instanceof RowSparseGrad && group.weightDecay !== 0) {
      throw new TypeError(
        `${who}: weightDecay ${group.weightDecay} cannot be used with a sparse gradient (as in PyTorch)`,
      );
    }
  },
  update(p, g, state, group, changes) {
    const { lr, lrDecay, weightDecay, eps, maximize } = group;
    if (state.sum === undefined) state.sum = full(p.shape, group.initialAccumulatorValue);
    const step = ((state.step as number | undefined) ?? 0) + 1;
    state.step = step;
    const clr = lr / (1 + (step - 1) * lrDecay);
    const sum = state.sum as Tensor<"float32">;
    if (g instanceof RowSparseGrad) {
      const { rows, values } = coalesced(g);
      const v = maximize ? neg(values) : values;
      changes.addRows(sum, rows, mul(v, v), 1);
      const std = add(sqrt(rowsOf(sum, rows)), eps);
      changes.addRows(p, rows, div(v, std), -clr);
      return;
    }
    let d = maximize ? neg(g) : g;
    if (weightDecay !== 0) d = add(d, mul(p, weightDecay));
    changes.set(sum, add(sum, mul(d, d)));
    const std = add(sqrt(sum), eps);
    changes.set(p, add(p, div(mul(d, -clr), std)));
  },
});

/**
 * Adagrad, as `torch.optim.Adagrad`: per-element sums of squared gradients
 * (created with the optimizer, as PyTorch does). A row-sparse gradient
 * updates only its rows' sums and weights, in place.
 *
 * @example
 * ```ts
 * import { Adagrad, tensor } from "@tessera/embed";
 * const w = tensor([1, 2]);
 * w.requiresGrad = true;
 * const optimizer = new Adagrad([w], { lr: 0.5 });
 * w.grad = tensor([2, -1]);
 * await optimizer.step();
 * console.log(await w.toArray()); // [0.5, 2.5]
 * ```
 */
export class Adagrad extends Optimizer<Required<AdagradOptions>> {
  /**
   * Makes the optimizer over `params` (its sums are created now, as in PyTorch).
   *
   * @param params Tensors requiring gradients (e.g. `model.parameters()`), or parameter groups.
   * @param options The options above.
   * @throws {TypeError} For an unknown option, a parameter given twice or not float32 requiring gradients.
   * @throws {RangeError} For `lr` ≤ 0 or a negative coefficient.
   */
  constructor(params: ParamsInput<Required<AdagradOptions>>, options: AdagradOptions = {}) {
    const o = parseOptions(adagradSchema, options, "Adagrad()", EXPECTED);
    super("Adagrad", params, {
      lr: o.lr ?? 1e-2,
      lrDecay: o.lrDecay ?? 0,
      weightDecay: o.weightDecay ?? 0,
      initialAccumulatorValue: o.initialAccumulatorValue ?? 0,
      eps: o.eps ?? 1e-10,
      maximize: o.maximize ?? false,
    });
  }
}
