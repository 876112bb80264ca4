/**
 * `SparseAdam`, as `torch.optim.SparseAdam` (1.13): the lazy Adam update of
 * row-sparse gradients.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import type { Tensor } from "../tensor/tensor.ts";
import { parseOptions } from "../ops/_options.ts";
import { RowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { Optimizer } from "./optimizer.ts";
import type { ParamsInput } from "./_params.ts";
import { betas, checkBetas, EXPECTED, flag, lr, nonNegative } from "./_schemas.ts";
import { defineRule } from "./_rule.ts";
import { nextAdamStep } from "./_adam.ts";
import { coalesced } from "./_apply.ts";

/**
 * Options of `SparseAdam` (and of its parameter groups).
 *
 * @example
 * ```ts
 * import { SparseAdam, type SparseAdamOptions, tensor } from "@tessera/embed";
 * const w = tensor([[1, 2]]);
 * w.requiresGrad = true;
 * const options: SparseAdamOptions = { lr: 0.01 };
 * console.log(new SparseAdam([w], options).paramGroups[0].betas); // [0.9, 0.999]
 * ```
 */
export interface SparseAdamOptions {
  /** Learning rate. @default 1e-3 */
  lr?: number;
  /** Decay rates of the moment averages, each in [0, 1). @default [0.9, 0.999] */
  betas?: [number, number];
  /** Added to the denominator. @default 1e-8 */
  eps?: number;
  /** Maximize the objective instead of minimizing. @default false */
  maximize?: boolean;
}

type Group = Required<SparseAdamOptions>;

const schema = z.strictObject({ lr, betas, eps: nonNegative, maximize: flag });

defineRule<Group>("SparseAdam", {
  schema,
  expected: EXPECTED,
  checkGroup: (group, who) => checkBetas(group.betas, who),
  checkGrad(_p, g, _group, who) {
    if (!(g instanceof RowSparseGrad)) {
      throw new TypeError(
        `${who}: SparseAdam does not support dense gradients (read the table with sparse: true); use Adam`,
      );
    }
  },
  update(p, grad, state, group, changes) {
    const { lr, betas: [beta1, beta2], eps, maximize } = group;
    const step = nextAdamStep(state, p);
    const { rows, values } = coalesced(grad as RowSparseGrad);
    const m = state.expAvg as Tensor<"float32">, v = state.expAvgSq as Tensor<"float32">;
    const stepSize = lr * Math.sqrt(1 - beta2 ** step) / (1 - beta1 ** step);
    changes.adamRows(p, [m, v], rows, values, { beta1, beta2, eps, stepSize, maximize });
  },
});

/**
 * Adam for tables read with `sparse: true`, as `torch.optim.SparseAdam`:
 * only the rows present in the gradient change (their moments and
 * weights, in place); absent rows' moments are left as they are, and bias
 * correction uses the optimizer's step count. A dense gradient is a
 * `TypeError`, as in PyTorch.
 *
 * @example
 * ```ts
 * import { embeddingBagForward, SparseAdam, sum, tensor } from "@tessera/embed";
 * const table = tensor([[1, 1], [2, 2], [3, 3]]);
 * table.requiresGrad = true;
 * const optimizer = new SparseAdam([table], { lr: 0.1 });
 * await sum(embeddingBagForward(table, [[0, 2]], { mode: "sum", sparse: true })).backward();
 * await optimizer.step();
 * console.log(await table.toArray()); // [[0.9000000357627869, 0.9000000357627869], [2, 2], [2.9000000953674316, 2.9000000953674316]]
 * ```
 */
export class SparseAdam extends Optimizer<Required<SparseAdamOptions>> {
  /**
   * Makes the optimizer over `params` (state is created by the first step).
   *
   * @param params Tables requiring gradients, or parameter groups.
   * @param options The options above.
   * @throws {TypeError} For an unknown option, a parameter given twice or not float32 requiring gradients.
   * @throws {RangeError} For `lr` ≤ 0, betas outside [0, 1) or a negative `eps`.
   */
  constructor(params: ParamsInput<Required<SparseAdamOptions>>, options: SparseAdamOptions = {}) {
    const o = parseOptions(schema, options, "SparseAdam()", EXPECTED);
    super("SparseAdam", params, {
      lr: o.lr ?? 1e-3,
      betas: o.betas ?? [0.9, 0.999],
      eps: o.eps ?? 1e-8,
      maximize: o.maximize ?? false,
    });
  }
}
