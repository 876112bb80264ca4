/**
 * `softmax_grad`: the backward of `softmax` over the middle axis of
 * `[outer, n, inner]`, from the forward's output `y` and the gradient `g`
 * of `y`: `dx = y (g - Σ g y)` (softmax) or `dx = g - exp(y) Σ g`
 * (`log: true`, where `y` is the log-softmax). `dx` may be the same buffer
 * as `g`.
 *
 * Reduction order as in `kernels/softmax.ts` (four interleaved partial sums
 * combined as `(s0 + s2) + (s1 + s3)` when `inner` is 1, else in order);
 * each product `g y` is rounded before it is summed.
 *
 * Spec: `{ log }`. Args: `[dx, g, y, n, inner]`.
 * Units: lanes `o * inner + i` (`outer * inner` of them), split `"even"`.
 * No scratch.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { ewExp } from "./_math.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({ dx: "f32*", g: "f32*", y: "f32*", n: "int", inner: "int" });

/** Static spec of `softmax_grad`. */
export type SoftmaxGradSpec = { readonly log: boolean };

function softmaxGradJs(
  h: Heap,
  s: SoftmaxGradSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, f = Math.fround, { n, inner } = a;
  const w = inner === 1 ? 4 : 1, acc = [0, 0, 0, 0];
  for (let u = start; u < end; u++) {
    const i = u % inner, o = (u - i) * n + i;
    const dx = a.dx + o, g = a.g + o, y = a.y + o;
    acc.fill(0);
    for (let j = 0; j < n; j++) {
      const t = s.log ? f32[g + j * inner] : f(f32[g + j * inner] * f32[y + j * inner]);
      acc[j % w] = f(acc[j % w] + t);
    }
    const sum = w === 4 ? f(f(acc[0] + acc[2]) + f(acc[1] + acc[3])) : acc[0];
    for (let j = 0; j < n; j++) {
      const gj = f32[g + j * inner], yj = f32[y + j * inner];
      f32[dx + j * inner] = s.log ? gj - f(ewExp(yj) * sum) : yj * f(gj - sum);
    }
  }
  return 0;
}

/** The softmax / log-softmax backward kernel. */
export const softmaxGrad: Kernel<SoftmaxGradSpec, typeof SIG> = {
  name: "softmax_grad",
  sig: SIG,
  unit: "lane",
  js: softmaxGradJs,
  helpers: [ewExp],
};
