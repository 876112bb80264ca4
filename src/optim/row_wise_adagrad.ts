/**
 * `RowWiseAdagrad`: FBGEMM's `EXACT_ROWWISE_ADAGRAD`, one accumulator per
 * table row.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import type { Tensor } from "../tensor/tensor.ts";
import { add, div, mul, sqrt } from "../ops/elementwise.ts";
import { mean } from "../ops/reductions.ts";
import { tensor, zeros } from "../tensor/creation.ts";
import { parseOptions } from "../ops/_options.ts";
import { RowSparseGrad } from "../sparse/row_sparse_grad.ts";
import { Optimizer } from "./optimizer.ts";
import type { ParamsInput } from "./_params.ts";
import { EXPECTED, lr, nonNegative } from "./_schemas.ts";
import { defineRule } from "./_rule.ts";
import { coalesced, rowsOf } from "./_apply.ts";

/**
 * Options of `RowWiseAdagrad` (and of its parameter groups).
 *
 * @example
 * ```ts
 * import { RowWiseAdagrad, type RowWiseAdagradOptions, tensor } from "@tessera/embed";
 * const table = tensor([[1, 2], [3, 4]]);
 * table.requiresGrad = true;
 * const options: RowWiseAdagradOptions = { weightDecay: 1e-4, weightDecayMode: "decoupled" };
 * console.log(new RowWiseAdagrad([table], options).paramGroups[0].lr); // 0.01
 * ```
 */
export interface RowWiseAdagradOptions {
  /** Learning rate. @default 0.01 */
  lr?: number;
  /** Added to the denominator. @default 1e-8 */
  eps?: number;
  /** Weight decay. @default 0 */
  weightDecay?: number;
  /** `"l2"`: added to the gradient; `"decoupled"`: rows scaled by `1 - lr * weightDecay`. @default "l2" */
  weightDecayMode?: "l2" | "decoupled";
}

type Group = Required<RowWiseAdagradOptions>;

const schema = z.strictObject({
  lr,
  eps: nonNegative,
  weightDecay: nonNegative,
  weightDecayMode: z.enum(["l2", "decoupled"]).optional(),
});

defineRule<Group>("RowWiseAdagrad", {
  schema,
  expected: EXPECTED,
  stateShape: (_key, p) => [p.shape[0], 1],
  checkGrad(p, _g, _group, who) {
    if (p.rank !== 2) {
      throw new TypeError(
        `${who}: RowWiseAdagrad updates tables [V, D] but a parameter has shape [${p.shape}]`,
      );
    }
  },
  update(p, grad, state, group, changes) {
    const { lr, eps, weightDecay, weightDecayMode } = group;
    if (state.sum === undefined) state.sum = zeros([p.shape[0], 1]);
    state.step = ((state.step as number | undefined) ?? 0) + 1;
    const sum = state.sum as Tensor<"float32">;
    const { rows, values } = grad instanceof RowSparseGrad
      ? coalesced(grad)
      : { rows: tensor(Int32Array.from({ length: p.shape[0] }, (_, i) => i)), values: grad };
    const w = rowsOf(p, rows);
    const l2 = weightDecayMode === "l2" && weightDecay !== 0;
    const g = l2 ? add(values, mul(w, weightDecay)) : values;
    changes.addRows(sum, rows, mean(mul(g, g), { axis: 1, keepdims: true }), 1);
    const multiplier = div(lr, add(sqrt(rowsOf(sum, rows)), eps));
    let delta = mul(g, multiplier);
    if (weightDecayMode === "decoupled" && weightDecay !== 0) {
      delta = add(delta, mul(w, lr * weightDecay));
    }
    changes.addRows(p, rows, delta, -1);
  },
});

/**
 * Row-wise Adagrad for embedding tables, as FBGEMM's
 * `EXACT_ROWWISE_ADAGRAD`: for each row present in the (coalesced)
 * gradient, `g` (plus `weightDecay * w` in mode `"l2"`), `s += mean(g²)`,
 * `w -= lr * g / (√s + eps)`; mode `"decoupled"` also subtracts
 * `lr * weightDecay * w`. One accumulator per row (`state.sum` is `[V, 1]`),
 * so the state is `D` times smaller than Adagrad's. Dense gradients update
 * every row.
 *
 * @example
 * ```ts
 * import { RowWiseAdagrad, tensor } from "@tessera/embed";
 * const table = tensor([[1, 1], [2, 2]]);
 * table.requiresGrad = true;
 * const optimizer = new RowWiseAdagrad([table], { lr: 0.5 });
 * table.grad = tensor([[3, 4], [0, 0]]);
 * await optimizer.step();
 * console.log(await table.toArray()); // [[0.5757359266281128, 0.4343145489692688], [2, 2]]
 * ```
 */
export class RowWiseAdagrad extends Optimizer<Required<RowWiseAdagradOptions>> {
  /**
   * Makes the optimizer over `params` (state is created by the first step).
   *
   * @param params Tables `[V, D]` requiring gradients, or parameter groups.
   * @param options The options above.
   * @throws {TypeError} For an unknown option, a parameter given twice or not float32 requiring gradients.
   * @throws {RangeError} For `lr` ≤ 0 or a negative `eps` or `weightDecay`.
   */
  constructor(
    params: ParamsInput<Required<RowWiseAdagradOptions>>,
    options: RowWiseAdagradOptions = {},
  ) {
    const o = parseOptions(schema, options, "RowWiseAdagrad()", EXPECTED);
    super("RowWiseAdagrad", params, {
      lr: o.lr ?? 0.01,
      eps: o.eps ?? 1e-8,
      weightDecay: o.weightDecay ?? 0,
      weightDecayMode: o.weightDecayMode ?? "l2",
    });
  }
}
