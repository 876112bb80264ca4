/**
 * `reduce`: a reduction (`sum`, `mean`, `max`, `min`) over one axis, the
 * axis kept with size 1 (ops drop it for `keepdims: false`). The `reduce`
 * kernel sees the input as `[outer, r, inner]`.
 *
 * `max`/`min` send the gradient to every position equal to the result,
 * shared evenly among ties (PyTorch's `amax`/`amin`).
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";
import { ew, expandTo, reduceAxis } from "../_build.ts";
import { launch, size } from "../../schedule/_lowering.ts";

/** The reduce primitive. */
export const reducePrim: Primitive<"reduce"> = {
  name: "reduce",
  dtype: () => "float32",
  shape: ([x], { axis }) => x.map((d, i) => (i === axis ? 1 : d)),
  vjp: (node, ct) => {
    const x = node.inputs[0], r = x.shape[node.attrs.axis];
    switch (node.attrs.op) {
      case "sum":
        return [expandTo(ct, x.shape)];
      case "mean":
        return [expandTo(ew(`div x0 ${r}`, ct), x.shape)];
      default: {
        const hit = ew("eq x0 x1", x, node);
        const count = reduceAxis(hit, "sum", node.attrs.axis);
        return [ew("mul x0 x1", hit, ew("div x0 x1", ct, count))];
      }
    }
  },
  lower: (L, { v, inputs: [x], attrs: { op, axis } }) => {
    L.step(
      "reduce",
      { op },
      [v],
      { reads: [L.v(x)], writes: [L.v(v)] },
      (c) => {
        const s = c.shape(x);
        const outer = size(s.slice(0, axis)), r = s[axis], inner = size(s.slice(axis + 1));
        return launch([c.ptr(x), c.ptr(v), outer, r, inner], outer * inner, "even", size(s));
      },
    );
  },
};
