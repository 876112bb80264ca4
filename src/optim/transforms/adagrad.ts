/**
 * `adagrad(options)`: `torch.optim.Adagrad` as a pure transformation.
 *
 * @module
 */

import type { Tensor } from "../../tensor/tensor.ts";
import { add, div, mul, neg, sqrt, sub } from "../../ops/elementwise.ts";
import { full, zeros } from "../../tensor/creation.ts";
import { parseOptions } from "../../ops/_options.ts";
import { EXPECTED } from "../_schemas.ts";
import { type AdagradOptions, adagradSchema } from "../adagrad.ts";
import {
  type GradientTransformation,
  mapTrees,
  names,
  type ParamTree,
} from "./gradient_transformation.ts";

/**
 * The state of `adagrad`: the step count and the sums of squared gradients.
 *
 * @example
 * ```ts
 * import { adagrad, type AdagradState, type Tensor, tensor } from "@tessera/embed";
 * const state: AdagradState = adagrad({ initialAccumulatorValue: 0.1 }).init([tensor([1, 2])]);
 * console.log(await (state.sum as Tensor[])[0].toArray()); // [0.10000000149011612, 0.10000000149011612]
 * ```
 */
export interface AdagradState {
  /** Steps taken (a float32 scalar). */
  readonly count: Tensor<"float32">;
  /** Sums of squared gradients, named as the parameters. */
  readonly sum: ParamTree;
}

/**
 * Adagrad with `torch.optim.Adagrad`'s options and float32 arithmetic, as a
 * pure transformation. Dense gradients.
 *
 * @example
 * ```ts
 * import { adagrad, applyUpdates, tensor } from "@tessera/embed";
 * const tx = adagrad({ lr: 0.5 });
 * const params = [tensor([1, 2])];
 * const { updates } = tx.update([tensor([2, -1])], tx.init(params), params);
 * console.log(await applyUpdates(params, updates)[0].toArray()); // [0.5, 2.5]
 * ```
 *
 * @param options `AdagradOptions`.
 * @returns `{init, update}`.
 * @throws {TypeError} For unknown options.
 * @throws {RangeError} For `lr` ≤ 0 or a negative coefficient.
 */
export function adagrad(options: AdagradOptions = {}): GradientTransformation<AdagradState> {
  const o = parseOptions(adagradSchema, options, "adagrad()", EXPECTED);
  const { lr = 1e-2, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10 } = o;
  const maximize = o.maximize ?? false;
  return {
    init(params) {
      names(params, "adagrad().init()", "params");
      const sum = mapTrees<ParamTree>(
        "adagrad().init()",
        [["params", params]],
        (p) => full(p.shape, initialAccumulatorValue),
      );
      return { count: zeros([]), sum };
    },
    update(grads, state, params) {
      const count = add(state.count, 1);
      const clr = div(lr, add(mul(sub(count, 1), lrDecay), 1));
      const sums: Tensor<"float32">[] = [];
      const trees: [string, unknown][] = [["grads", grads], ["params", params], [
        "state.sum",
        state.sum,
      ]];
      const updates = mapTrees<typeof grads>("adagrad().update()", trees, (g0, p, s0) => {
        let g = maximize ? neg(g0) : g0;
        if (weightDecay !== 0) g = add(g, mul(p, weightDecay));
        const s = add(s0, mul(g, g));
        sums.push(s);
        return div(mul(g, neg(clr)), add(sqrt(s), eps));
      });
      const keys = Object.keys(grads);
      const sum =
        (Array.isArray(grads)
          ? sums
          : Object.fromEntries(keys.map((k, i) => [k, sums[i]]))) as ParamTree;
      return { updates, state: { count, sum } };
    },
  };
}
