/**
 * `softmax`: softmax or log-softmax over the middle axis of a float32
 * tensor viewed as `[outer, n, inner]`, numerically stable: with `m` the
 * lane's maximum and `s = Σ exp(x - m)`, `y = exp(x - m) / s` (softmax) or
 * `y = (x - m) - log(s)` (`log: true`). A lane holding `+Infinity`, or only
 * `-Infinity`, gives NaN, as in PyTorch. `y` may be the same buffer as `x`.
 *
 * Reduction order (the Wasm kernel follows it bit for bit): when `inner` is
 * 1, element `j` of a row goes to partial sum `j % 4` and the row's sum is
 * `(s0 + s2) + (s1 + s3)`; otherwise each lane sums in order. `exp` and
 * `log` are the float32 ones of `kernels/_math.ts` (1 ulp).
 *
 * Spec: `{ log }`. Args: `[y, x, n, inner]`.
 * Units: lanes `o * inner + i` (`outer * inner` of them; a lane is a row
 * when `inner` is 1), split `"even"`. No scratch.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { ewExp, ewLog } from "./_math.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({ y: "f32*", x: "f32*", n: "int", inner: "int" });

/** Static spec of `softmax`. */
export type SoftmaxSpec = { readonly log: boolean };

function softmaxJs(
  h: Heap,
  s: SoftmaxSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, f = Math.fround, { y: Y, x: X, n, inner } = a;
  const w = inner === 1 ? 4 : 1, acc = [0, 0, 0, 0];
  for (let u = start; u < end; u++) {
    const i = u % inner, x = X + (u - i) * n + i, y = Y + (u - i) * n + i;
    let m = -Infinity;
    for (let j = 0; j < n; j++) m = Math.max(m, f32[x + j * inner]);
    acc.fill(0);
    for (let j = 0; j < n; j++) {
      const e = ewExp(f(f32[x + j * inner] - m));
      acc[j % w] = f(acc[j % w] + e);
      if (!s.log) f32[y + j * inner] = e;
    }
    const sum = w === 4 ? f(f(acc[0] + acc[2]) + f(acc[1] + acc[3])) : acc[0];
    if (s.log) {
      const ls = ewLog(sum);
      for (let j = 0; j < n; j++) f32[y + j * inner] = f(f32[x + j * inner] - m) - ls;
    } else {
      for (let j = 0; j < n; j++) f32[y + j * inner] /= sum;
    }
  }
  return 0;
}

/** The softmax / log-softmax kernel. */
export const softmax: Kernel<SoftmaxSpec, typeof SIG> = {
  name: "softmax",
  sig: SIG,
  unit: "lane",
  js: softmaxJs,
  helpers: [ewExp, ewLog],
};
