/**
 * `reduce`: a reduction (`sum`, `mean`, `max`, `min`) over axes, each kept
 * with size 1 (ops drop them for `keepdims: false`). It lowers to one
 * `reduce` kernel step per axis (the kernel sees `[outer, r, inner]`), the
 * intermediate results in temps.
 *
 * `max`/`min` send the gradient to every position equal to the result,
 * shared evenly among all ties over the reduced axes (PyTorch's `amax`).
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";
import { ew, expandTo, reduceAxes } from "../_build.ts";
import { parseShape } from "../_shape_text.ts";
import { size } from "../../schedule/_lowering.ts";
import { reduce } from "../../../kernels/reduce.ts";

/** The reduce primitive. */
export const reducePrim: Primitive<"reduce"> = {
  name: "reduce",
  dtype: () => "float32",
  shape: ([x], { axes }) => {
    const list = parseShape(axes);
    return x.map((d, i) => (list.includes(i) ? 1 : d));
  },
  vjp: (node, ct) => {
    const x = node.inputs[0], axes = parseShape(node.attrs.axes);
    switch (node.attrs.op) {
      case "sum":
        return [expandTo(ct, x.shape)];
      case "mean": {
        const r = axes.reduce((p, a) => p * x.shape[a], 1);
        return [expandTo(ew(`div x0 ${r}`, ct), x.shape)];
      }
      default: {
        const hit = ew("eq x0 x1", x, node);
        const count = reduceAxes(hit, "sum", axes);
        return [ew("mul x0 x1", hit, ew("div x0 x1", ct, count))];
      }
    }
  },
  lower: (L, { v, inputs: [x], attrs: { op, axes } }) => {
    const list = parseShape(axes);
    // Each step reduces one more axis of the previous step's result.
    const temps = list.slice(1).map((_, k) =>
      L.temps.push({
        name: "partial",
        bytes: (shape) =>
          size(shape(x).map((d, i) => (list.slice(0, k + 1).includes(i) ? 1 : d))) * 4,
      }) - 1
    );
    list.forEach((axis, k) => {
      const src = k === 0 ? L.v(x) : L.t(temps[k - 1]),
        dst = k === list.length - 1 ? L.v(v) : L.t(temps[k]);
      L.step(
        reduce,
        { op },
        k === list.length - 1 ? [v] : [],
        { reads: [src], writes: [dst] },
        (c, launch) => {
          const s = k === 0
            ? c.shape(x)
            : c.shape(x).map((d, i) => (list.slice(0, k).includes(i) ? 1 : d));
          const outer = size(s.slice(0, axis)), r = s[axis], inner = size(s.slice(axis + 1));
          const from = k === 0 ? c.ptr(x) : c.temp(temps[k - 1]);
          const to = k === list.length - 1 ? c.ptr(v) : c.temp(temps[k]);
          return launch({ x: from, out: to, outer, r, inner }, outer * inner, "even", size(s));
        },
      );
    });
  },
};
