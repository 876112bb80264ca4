/**
 * `cross_entropy` (inputs `[x, t]` or `[x, t, w]`): PyTorch's
 * `F.cross_entropy` of `[N, C]` logits and int32 class targets (class
 * weights `w` when given), reduced as `reduction` says: one kernel for the
 * log-softmax, the picked and smoothed terms and their reduction. Its vjp is
 * `cross_entropy_grad` (inputs `[g, x, t]` or `[g, x, t, w]`): the logits'
 * gradient `(softmax - target)` scaled, in one kernel that recomputes each
 * row's softmax. The targets get no gradient; the class weights get theirs
 * from other primitives, built only when asked for (`_ce_weight_grad.ts`).
 *
 * @module
 */

import { makeNode } from "../node.ts";
import type { AttrsOf, Primitive } from "../primitive.ts";
import type { BindContext } from "../../schedule/plan.ts";
import { crossEntropyKernel } from "../../../kernels/cross_entropy.ts";
import { crossEntropyGrad } from "../../../kernels/cross_entropy_grad.ts";
import { ceWeightGrad } from "./_ce_weight_grad.ts";
import { badTarget } from "../../schedule/_fault_message.ts";

type Attrs = AttrsOf["cross_entropy"];

/**
 * A plan's structure: label smoothing only as whether there is any (its
 * value is a run-time argument, read when binding).
 */
const structure = (a: Attrs) =>
  `ignoreIndex=${a.ignoreIndex},reduction=${a.reduction},smooth=${a.labelSmoothing > 0},`;

/** The kernels' spec flags and the arguments both bind (`CE_ARGS`) for node `v`. */
function common(v: number, inputs: readonly number[], attrs: Attrs) {
  const [x, t, w] = inputs;
  return {
    weighted: w !== undefined,
    smooth: attrs.labelSmoothing > 0,
    fault: badTarget(x, t, attrs.ignoreIndex),
    // One object of one shape per launch (no spreads: two launches per training step).
    bind: (c: BindContext, out: number, g: number, gStride: number) => {
      const shape = c.shape(x);
      return {
        out,
        dx: out,
        g,
        gStride,
        x: c.ptr(x),
        t: c.ptr(t),
        w: w === undefined ? 0 : c.ptr(w),
        N: shape[0],
        C: shape[1],
        ignoreIndex: attrs.ignoreIndex,
        eps: (c.attrs(v) as Attrs).labelSmoothing,
      };
    },
  };
}

/** The cross_entropy primitive. */
export const crossEntropyPrim: Primitive<"cross_entropy"> = {
  name: "cross_entropy",
  dtype: () => "float32",
  shape: ([x], { reduction }) => (reduction === "none" ? [x[0]] : []),
  structure,
  vjp: (node, g, needs) => [
    makeNode("cross_entropy_grad", [g, ...node.inputs], node.attrs),
    null,
    ...(node.inputs.length < 3 ? [] : [needs?.[2] === false ? null : ceWeightGrad(node, g)]),
  ],
  lower: (L, { v, inputs, attrs }) => {
    const { weighted, smooth, fault, bind } = common(v, inputs, attrs), { reduction } = attrs;
    const rw = { reads: inputs.map((i) => L.v(i)), writes: [L.v(v)] };
    L.step(
      crossEntropyKernel,
      { weighted, smooth, reduction },
      [v],
      rw,
      (c, launch) => {
        const args = bind(c, c.ptr(v), 0, 0), all = reduction !== "none";
        return launch(args, all ? 1 : args.N, all ? "single" : "even", args.N * args.C);
      },
      undefined,
      fault,
    );
  },
};

/** The cross_entropy_grad primitive. */
export const crossEntropyGradPrim: Primitive<"cross_entropy_grad"> = {
  name: "cross_entropy_grad",
  dtype: () => "float32",
  shape: ([, x]) => [...x],
  structure,
  vjp: null,
  lower: (L, { v, inputs, attrs }) => {
    const [g, ...rest] = inputs, { weighted, smooth, fault, bind } = common(v, rest, attrs);
    const spec = { weighted, smooth, mean: attrs.reduction === "mean" };
    const rw = { reads: inputs.map((i) => L.v(i)), writes: [L.v(v)] };
    L.step(
      crossEntropyGrad,
      spec,
      [v],
      rw,
      (c, launch) => {
        const args = bind(c, c.ptr(v), c.ptr(g), attrs.reduction === "none" ? 1 : 0);
        return launch(args, args.N, "even", args.N * args.C);
      },
      undefined,
      fault,
    );
  },
};
