/**
 * The Adam family as pure transformations (`adam`, `adamw`): the math of
 * `torch.optim.Adam`/`AdamW` with the step count a tensor, so `jit` replays
 * the bias correction.
 *
 * @module
 */

import type { Tensor } from "../../tensor/tensor.ts";
import { add, div, maximum, mul, neg, pow, sqrt, sub } from "../../ops/elementwise.ts";
import { zeros } from "../../tensor/creation.ts";
import type { AdamOptions } from "../adam.ts";
import { adamDefaults } from "../adam.ts";
import { checkBetas } from "../_schemas.ts";
import {
  type GradientTransformation,
  mapTrees,
  names,
  type ParamTree,
} from "./gradient_transformation.ts";

/**
 * The state of `adam` and `adamw`: the step count and the moments, named as
 * the parameters (`maxExpAvgSq` with AMSGrad only).
 *
 * @example
 * ```ts
 * import { adam, type AdamState, tensor } from "@tessera/embed";
 * const state: AdamState = adam({ amsgrad: true }).init({ w: tensor([1, 2]) });
 * console.log(await state.count.toArray()); // 0
 * ```
 */
export interface AdamState {
  /** Steps taken (a float32 scalar). */
  readonly count: Tensor<"float32">;
  /** First moments. */
  readonly expAvg: ParamTree;
  /** Second moments. */
  readonly expAvgSq: ParamTree;
  /** Maxima of the second moments (AMSGrad only). */
  readonly maxExpAvgSq?: ParamTree;
}

/** `adam` (`decoupled: false`) or `adamw`. */
export function adamTransform(
  name: string,
  options: AdamOptions,
  decoupled: boolean,
): GradientTransformation<AdamState> {
  const o = adamDefaults(options, `${name}()`, decoupled ? 1e-2 : 0);
  checkBetas(o.betas, `${name}()`);
  const { lr, betas: [b1, b2], eps, weightDecay, amsgrad, maximize } = o;
  const who = `${name}().update()`;
  const zerosLike = (params: ParamTree) =>
    mapTrees<ParamTree>(`${name}().init()`, [["params", params]], (p) => zeros(p.shape));
  return {
    init(params) {
      names(params, `${name}().init()`, "params");
      return {
        count: zeros([]),
        expAvg: zerosLike(params),
        expAvgSq: zerosLike(params),
        ...(amsgrad ? { maxExpAvgSq: zerosLike(params) } : {}),
      };
    },
    update(grads, state, params) {
      const count = add(state.count, 1);
      const bc1 = sub(1, pow(b1, count)), bc2 = sub(1, pow(b2, count));
      const stepSize = div(-lr, bc1), bc2Sqrt = sqrt(bc2);
      const trees: [string, unknown][] = [
        ["grads", grads],
        ["params", params],
        ["state.expAvg", state.expAvg],
        ["state.expAvgSq", state.expAvgSq],
      ];
      if (amsgrad) trees.push(["state.maxExpAvgSq", state.maxExpAvgSq]);
      const m: Tensor<"float32">[] = [], v: Tensor<"float32">[] = [], mx: Tensor<"float32">[] = [];
      const updates = mapTrees<typeof grads>(who, trees, (g0, p, m0, v0, max0) => {
        let g = maximize ? neg(g0) : g0;
        if (!decoupled && weightDecay !== 0) g = add(g, mul(p, weightDecay));
        const m1 = add(mul(m0, b1), mul(g, 1 - b1));
        const v1 = add(mul(v0, b2), mul(mul(g, 1 - b2), g));
        m.push(m1), v.push(v1);
        let second = v1;
        if (amsgrad) mx.push(second = maximum(max0, v1));
        const u = div(mul(m1, stepSize), add(div(sqrt(second), bc2Sqrt), eps));
        return decoupled && weightDecay !== 0 ? add(mul(p, -lr * weightDecay), u) : u;
      });
      const keys = Object.keys(grads);
      const like = (ts: Tensor<"float32">[]) =>
        (Array.isArray(grads)
          ? ts
          : Object.fromEntries(keys.map((k, i) => [k, ts[i]]))) as ParamTree;
      return {
        updates,
        state: {
          count,
          expAvg: like(m),
          expAvgSq: like(v),
          ...(amsgrad ? { maxExpAvgSq: like(mx) } : {}),
        },
      };
    },
  };
}
