/**
 * `pick` (inputs `[x, t]`): `out[i] = x[i, t[i]]` for `x` of `[N, C]`, or
 * `x[t[i]]` from one shared row (`shared`: class weights by target); 0 where
 * `t[i]` is `ignoreIndex`. `pick_backward` (inputs `[g, t]`) is its vjp.
 * Targets are checked by the ops; the kernels guard them again.
 *
 * @module
 */

import { makeNode } from "../node.ts";
import { sumTo } from "../_build.ts";
import type { Primitive } from "../primitive.ts";
import { pick } from "../../../kernels/pick.ts";
import { pickBackward } from "../../../kernels/pick_backward.ts";

/** The pick primitive. */
export const pickPrim: Primitive<"pick"> = {
  name: "pick",
  dtype: ([x]) => x,
  shape: ([, t]) => [...t],
  vjp: (node, g) => {
    const [x, t] = node.inputs, { ignoreIndex, shared } = node.attrs;
    const C = x.shape[x.shape.length - 1];
    const rows = makeNode("pick_backward", [g, t], { ignoreIndex, C });
    // A shared row (class weights) gathers every row's gradient at its target.
    return [shared ? sumTo(rows, x.shape) : rows, null];
  },
  lower: (L, { v, inputs: [x, t], attrs: { ignoreIndex, shared } }) => {
    L.step(pick, {}, [v], { reads: [L.v(x), L.v(t)], writes: [L.v(v)] }, (c, launch) => {
      const s = c.shape(x), C = s[s.length - 1], N = c.shape(t)[0] ?? 1;
      const args = {
        x: c.ptr(x),
        t: c.ptr(t),
        out: c.ptr(v),
        C,
        xStride: shared ? 0 : C,
        ignoreIndex,
      };
      return launch(args, N, "even");
    });
  },
};

/** The pick_backward primitive. */
export const pickBackwardPrim: Primitive<"pick_backward"> = {
  name: "pick_backward",
  dtype: () => "float32",
  shape: ([, t], { C }) => [...t, C],
  vjp: (
    node,
    ct,
  ) => [
    makeNode("pick", [ct, node.inputs[1]], { ignoreIndex: node.attrs.ignoreIndex, shared: false }),
    null,
  ],
  lower: (L, { v, inputs: [g, t], attrs: { ignoreIndex, C } }) => {
    L.step(pickBackward, {}, [v], { reads: [L.v(g), L.v(t)], writes: [L.v(v)] }, (c, launch) => {
      const N = c.shape(t)[0] ?? 1;
      const args = { g: c.ptr(g), t: c.ptr(t), dx: c.ptr(v), C, gStride: 1, ignoreIndex };
      return launch(args, N, "even", N * C);
    });
  },
};
