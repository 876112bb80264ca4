/**
 * `SGD`: stochastic gradient descent with momentum, dampening, Nesterov
 * momentum, weight decay and `maximize`, as `torch.optim.SGD` (1.13).
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import type { Tensor } from "../tensor/tensor.ts";
import { add, mul, neg } from "../ops/elementwise.ts";
import { parseOptions } from "../ops/_options.ts";
import { RowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { Optimizer } from "./optimizer.ts";
import type { ParamsInput } from "./_params.ts";
import { EXPECTED, flag, lr, nonNegative } from "./_schemas.ts";
import { defineRule } from "./_rule.ts";
import { coalesced } from "./_apply.ts";

/**
 * Options of `SGD` (and of its parameter groups).
 *
 * @example
 * ```ts
 * import { SGD, type SGDOptions, tensor } from "@tessera/embed";
 * const w = tensor([1]);
 * w.requiresGrad = true;
 * const options: SGDOptions = { lr: 0.1, momentum: 0.9, nesterov: true };
 * console.log(new SGD([w], options).paramGroups[0].momentum); // 0.9
 * ```
 */
export interface SGDOptions {
  /** Learning rate (required, positive). */
  lr: number;
  /** Momentum factor. @default 0 */
  momentum?: number;
  /** Dampening of the momentum. @default 0 */
  dampening?: number;
  /** L2 penalty added to the gradient (dense gradients only). @default 0 */
  weightDecay?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0). @default false */
  nesterov?: boolean;
  /** Maximize the objective instead of minimizing. @default false */
  maximize?: boolean;
}

type Group = Required<SGDOptions>;

/** The options' schema (shared with the `sgd` transform). */
export const sgdSchema = z.strictObject({
  lr,
  momentum: nonNegative,
  dampening: nonNegative,
  weightDecay: nonNegative,
  nesterov: flag,
  maximize: flag,
});

defineRule<Group>("SGD", {
  schema: sgdSchema,
  expected: EXPECTED,
  checkGroup(g, who) {
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
      throw new TypeError(
        `${who}: nesterov needs momentum > 0 and dampening 0 (momentum is ${g.momentum}, dampening is ${g.dampening})`,
      );
    }
  },
  checkGrad(_p, g, group, who) {
    if (g instanceof RowSparseGrad && group.weightDecay !== 0) {
      throw new TypeError(
        `${who}: weightDecay ${group.weightDecay} cannot be used with a sparse gradient (as in PyTorch)`,
      );
    }
  },
  update(p, g, state, group, changes) {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    if (g instanceof RowSparseGrad && momentum === 0 && !g.coalesced) {
      changes.scatterRows(p, g, maximize ? lr : -lr);
      return;
    }
    if (g instanceof RowSparseGrad && momentum === 0) {
      const { rows, values } = coalesced(g);
      changes.addRows(p, rows, values, maximize ? lr : -lr);
      return;
    }
    // A dense lookup gradient only touches the looked-up rows: add their sums there.
    const plain = momentum === 0 && weightDecay === 0 && !(g instanceof RowSparseGrad);
    if (plain && changes.addLookupRows(p, g, maximize ? lr : -lr)) return;
    let d: Tensor<"float32"> = g instanceof RowSparseGrad ? g.toDense() : g;
    if (maximize) d = neg(d);
    if (weightDecay !== 0) d = add(d, mul(p, weightDecay));
    if (momentum !== 0) {
      let buf = state.momentumBuffer as Tensor<"float32"> | undefined;
      if (buf === undefined) {
        state.momentumBuffer = buf = changes.fresh(d);
      } else {
        changes.set(buf, add(mul(buf, momentum), mul(d, 1 - dampening)));
      }
      d = nesterov ? add(d, mul(buf, momentum)) : buf;
    }
    changes.set(p, add(p, mul(d, -lr)));
  },
});

/**
 * Stochastic gradient descent, as `torch.optim.SGD`. A row-sparse gradient
 * (a table read with `sparse: true`) updates only its rows, in place;
 * with momentum the buffer is dense (PyTorch keeps it sparse, the values
 * agree).
 *
 * @example
 * ```ts
 * import { crossEntropy, Linear, SGD } from "@tessera/embed";
 * const model = new Linear(2, 2, { seed: 0 });
 * const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * for (let i = 0; i < 3; i++) {
 *   optimizer.zeroGrad();
 *   const loss = crossEntropy(model.forward([[1, 2], [3, 4]]), [0, 1]);
 *   await loss.backward();
 *   await optimizer.step();
 * }
 * console.log(optimizer.state.size); // 2
 * ```
 */
export class SGD extends Optimizer<Required<SGDOptions>> {
  /**
   * Makes the optimizer over `params` (state is created by the first step).
   *
   * @param params Tensors requiring gradients (e.g. `model.parameters()`), or parameter groups.
   * @param options `lr` (required) and the options above.
   * @throws {TypeError} For a missing `lr`, an unknown option, a parameter given twice or not float32 requiring gradients, nesterov without momentum.
   * @throws {RangeError} For `lr` ≤ 0 or a negative coefficient.
   */
  constructor(params: ParamsInput<Required<SGDOptions>>, options: SGDOptions) {
    const o = parseOptions(sgdSchema, options, "SGD()", EXPECTED);
    if (o.lr === undefined) throw new TypeError("SGD(): lr is required");
    super("SGD", params, {
      lr: o.lr,
      momentum: o.momentum ?? 0,
      dampening: o.dampening ?? 0,
      weightDecay: o.weightDecay ?? 0,
      nesterov: o.nesterov ?? false,
      maximize: o.maximize ?? false,
    });
  }
}
