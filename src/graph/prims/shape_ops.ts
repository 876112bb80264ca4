/**
 * Data movement: `expand` (a broadcast to a shape), `reshape` (the same
 * elements in another shape), `transpose` (two dims swapped), `concat` and
 * `slice` along an axis. Each is a `strided_copy` (any dtype).
 *
 * @module
 */

import { makeNode } from "../node.ts";
import type { Primitive } from "../primitive.ts";
import { parseShape } from "../_shape_text.ts";
import { reshapeTo, sumTo } from "../_build.ts";
import { size } from "../../schedule/_lowering.ts";
import { copyStep, stridesOf } from "./_copy_lower.ts";

/** The expand primitive. */
export const expandPrim: Primitive<"expand"> = {
  name: "expand",
  dtype: ([d]) => d,
  shape: (_inputs, attrs) => parseShape(attrs.shape),
  vjp: (node, ct) => [sumTo(ct, node.inputs[0].shape)],
  lower: (L, { v, inputs: [x] }, shapes) =>
    copyStep(L, v, x, shapes[v].length, (c) => {
      const out = c.shape(v), xin = c.shape(x), lead = out.length - xin.length, xs = stridesOf(xin);
      return {
        dims: [...out],
        xs: out.map((_d, i) => (i < lead || xin[i - lead] === 1 ? 0 : xs[i - lead])),
        os: stridesOf(out),
      };
    }),
};

/** The reshape primitive. */
export const reshapePrim: Primitive<"reshape"> = {
  name: "reshape",
  dtype: ([d]) => d,
  shape: (_inputs, attrs) => parseShape(attrs.shape),
  vjp: (node, ct) => [reshapeTo(ct, node.inputs[0].shape)],
  // A reshape the scheduler made a view of its input's buffer (aliases it) copies nothing.
  lower: (L, { v, inputs: [x] }) =>
    L.node(v).aliases >= 0
      ? undefined
      : copyStep(L, v, x, 1, (c) => ({ dims: [size(c.shape(v))], xs: [1], os: [1] })),
};

/** The transpose primitive. */
export const transposePrim: Primitive<"transpose"> = {
  name: "transpose",
  dtype: ([d]) => d,
  shape: ([x], { dim0, dim1 }) => {
    const s = [...x];
    [s[dim0], s[dim1]] = [s[dim1], s[dim0]];
    return s;
  },
  vjp: (node, ct) => [makeNode("transpose", [ct], node.attrs)],
  lower: (L, { v, inputs: [x], attrs: { dim0, dim1 } }, shapes) =>
    copyStep(L, v, x, shapes[v].length, (c) => {
      const xs = stridesOf(c.shape(x));
      [xs[dim0], xs[dim1]] = [xs[dim1], xs[dim0]];
      return { dims: [...c.shape(v)], xs, os: stridesOf(c.shape(v)) };
    }),
};

/** The concat primitive. */
export const concatPrim: Primitive<"concat"> = {
  name: "concat",
  dtype: ([d]) => d,
  shape: (inputs, { axis }) => {
    const s = [...inputs[0]];
    s[axis] = inputs.reduce((p, x) => p + x[axis], 0);
    return s;
  },
  vjp: (node, ct) => {
    let start = 0;
    return node.inputs.map((x) => {
      const part = makeNode("slice", [ct], {
        axis: node.attrs.axis,
        start,
        size: x.shape[node.attrs.axis],
      });
      start += x.shape[node.attrs.axis];
      return part;
    });
  },
  lower: (L, { v, inputs, attrs: { axis } }, shapes) => {
    inputs.forEach((x, k) =>
      copyStep(L, v, x, shapes[v].length, (c) => {
        const before = inputs.slice(0, k).reduce((p, y) => p + c.shape(y)[axis], 0);
        const os = stridesOf(c.shape(v));
        return { dims: [...c.shape(x)], xs: stridesOf(c.shape(x)), os, oOff: before * os[axis] };
      }, k === inputs.length - 1 ? [v] : [])
    );
  },
};

/** The slice primitive. */
export const slicePrim: Primitive<"slice"> = {
  name: "slice",
  dtype: ([d]) => d,
  shape: ([x], { axis, size: n }) => x.map((d, i) => (i === axis ? n : d)),
  vjp: null,
  lower: (L, { v, inputs: [x], attrs: { axis, start } }, shapes) =>
    copyStep(L, v, x, shapes[v].length, (c) => {
      const xs = stridesOf(c.shape(x));
      return { dims: [...c.shape(v)], xs, os: stridesOf(c.shape(v)), xOff: start * xs[axis] };
    }),
};
