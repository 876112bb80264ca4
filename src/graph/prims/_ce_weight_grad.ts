/**
 * The gradient of `cross_entropy` with respect to its class weights (the
 * project differentiates them, PyTorch refuses to), built from other
 * primitives only when a weight needs it. With `lp` the log-softmax,
 * `h[i, c]` 1 at row `i`'s target (0 on ignored rows) and `keep[i]` 0 on
 * ignored rows: per weight `c`, `S'[c] = Σ_i g[i]·(-lp[i, c])·((1 - ε)·h[i, c]
 * + (ε / C)·keep[i])`; for `"mean"` (`loss = S / W`, `W = Σ_i w[t[i]]`) the
 * gradient is `(S'[c] - g·loss·Σ_i h[i, c]) / W`.
 *
 * @module
 */

import { makeNode, type Node } from "../node.ts";
import type { NodeOf } from "../primitive.ts";
import { ew, reshapeTo, sumTo } from "../_build.ts";

/** The class weights' cotangent of a weighted `cross_entropy` node given its cotangent `g`. */
export function ceWeightGrad(node: NodeOf<"cross_entropy">, g: Node): Node {
  const [x, t, w] = node.inputs, { ignoreIndex, labelSmoothing: eps, reduction } = node.attrs;
  const [N, C] = x.shape;
  const lp = makeNode("softmax", [x], { axis: 1, log: true });
  const keep = ew(`ne x0 ${ignoreIndex}`, t);
  const hit = makeNode("pick_backward", [keep, t], { ignoreIndex, C });
  let a = ew(`mul x0 ${1 - eps}`, hit);
  if (eps > 0) a = ew("add x0 x1", a, ew(`mul x0 ${eps / C}`, reshapeTo(keep, [N, 1])));
  const gi = reshapeTo(g, reduction === "none" ? [N, 1] : [1, 1]);
  const dS = sumTo(ew("mul x0 x1", ew("mul x0 x1", ew("neg x0", lp), a), gi), [C]);
  if (reduction !== "mean") return dS;
  const W = reshapeTo(sumTo(ew("mul x0 x1", hit, w), [1]), []);
  const count = sumTo(hit, [C]);
  return ew("div x0 x1", ew("sub x0 x1", dS, ew("mul x0 x1", count, ew("mul x0 x1", g, node))), W);
}
