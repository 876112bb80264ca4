/**
 * `sgd(options)`: `torch.optim.SGD` as a pure transformation.
 *
 * @module
 */

import type { Tensor } from "../../tensor/tensor.ts";
import { add, mul, neg, sub } from "../../ops/elementwise.ts";
import { zeros } from "../../tensor/creation.ts";
import { parseOptions } from "../../ops/_options.ts";
import { EXPECTED } from "../_schemas.ts";
import { type SGDOptions, sgdSchema } from "../sgd.ts";
import {
  type GradientTransformation,
  mapTrees,
  names,
  type ParamTree,
} from "./gradient_transformation.ts";

/**
 * The state of `sgd`: whether a step ran (`started`, 0 or 1, a tensor so
 * that `jit` replays it) and the momentum buffers (absent without momentum).
 *
 * @example
 * ```ts
 * import { sgd, type SgdState, tensor } from "@tessera/embed";
 * const state: SgdState = sgd({ lr: 0.1, momentum: 0.9 }).init([tensor([1, 2])]);
 * console.log(await state.started.toArray()); // 0
 * ```
 */
export interface SgdState {
  /** 1 once a step ran, else 0. */
  readonly started: Tensor<"float32">;
  /** Momentum buffers, named as the parameters (absent without momentum). */
  readonly momentumBuffer?: ParamTree;
}

/**
 * SGD with `torch.optim.SGD`'s options and float32 arithmetic, as a pure
 * transformation: `update` returns `-lr * d` (`d` the gradient after
 * maximize, weight decay and momentum) and the next state. Dense gradients.
 *
 * @example
 * ```ts
 * import { applyUpdates, jit, mseLoss, sgd, type Tensor, tensor, valueAndGrad } from "@tessera/embed";
 * const tx = sgd({ lr: 0.1, momentum: 0.9 });
 * const loss = (p: { w: Tensor<"float32"> }) => mseLoss(p.w, [1, -1]);
 * const step = jit((params: { w: Tensor<"float32"> }, state: ReturnType<typeof tx.init>) => {
 *   const [, grads] = valueAndGrad(loss)(params);
 *   const { updates, state: next } = tx.update(grads, state, params);
 *   return { params: applyUpdates(params, updates), state: next };
 * });
 * let params = { w: tensor([0, 0]) }, state = tx.init(params);
 * for (let i = 0; i < 3; i++) ({ params, state } = await step(params, state));
 * console.log(Array.from(await params.w.data(), (x) => x.toFixed(3))); // ["0.514", "-0.514"]
 * ```
 *
 * @param options `SGDOptions` (`lr` required).
 * @returns `{init, update}`.
 * @throws {TypeError} For a missing `lr`, unknown options, nesterov without momentum.
 * @throws {RangeError} For `lr` ≤ 0 or a negative coefficient.
 */
export function sgd(options: SGDOptions): GradientTransformation<SgdState> {
  const o = parseOptions(sgdSchema, options, "sgd()", EXPECTED);
  if (o.lr === undefined) throw new TypeError("sgd(): lr is required");
  const { lr, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false, maximize = false } =
    o;
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new TypeError(
      `sgd(): nesterov needs momentum > 0 and dampening 0 (momentum is ${momentum}, dampening is ${dampening})`,
    );
  }
  const who = "sgd().update()";
  return {
    init(params) {
      names(params, "sgd().init()", "params");
      if (momentum === 0) return { started: zeros([]) };
      const momentumBuffer = mapTrees<ParamTree>(
        "sgd().init()",
        [["params", params]],
        (p) => zeros(p.shape),
      );
      return { started: zeros([]), momentumBuffer };
    },
    update(grads, state, params) {
      const s = state.started;
      const bufs = momentum === 0
        ? []
        : [["state.momentumBuffer", state.momentumBuffer] as [string, unknown]];
      const nextBufs: Record<string, Tensor<"float32">> = {};
      const updates = mapTrees<typeof grads>(
        who,
        [["grads", grads], ["params", params], ...bufs],
        (g, p, buf) => {
          let d = maximize ? neg(g) : g;
          if (weightDecay !== 0) d = add(d, mul(p, weightDecay));
          if (momentum !== 0) {
            // First step: the buffer is d (PyTorch's clone); later ones decay it.
            const next = add(
              mul(s, add(mul(buf, momentum), mul(d, 1 - dampening))),
              mul(sub(1, s), d),
            );
            nextBufs[String(Object.keys(nextBufs).length)] = next;
            d = nesterov ? add(d, mul(next, momentum)) : next;
          }
          return mul(d, -lr);
        },
      );
      const started = add(mul(s, 0), 1);
      if (momentum === 0) return { updates, state: { started } };
      const keys = Object.keys(grads);
      const momentumBuffer =
        (Array.isArray(grads)
          ? keys.map((_, i) => nextBufs[i])
          : Object.fromEntries(keys.map((k, i) => [k, nextBufs[i]]))) as ParamTree;
      return { updates, state: { started, momentumBuffer } };
    },
  };
}
