/**
 * `softmax` (or log-softmax, `log: true`) over an axis, numerically stable,
 * and `softmax_grad`, its backward from `[g, y]`. Both run over the input
 * viewed as `[outer, n, inner]`.
 *
 * @module
 */

import { makeNode } from "../node.ts";
import type { Primitive } from "../primitive.ts";
import { type Lowering, size } from "../../schedule/_lowering.ts";
import { softmax } from "../../../kernels/softmax.ts";
import { softmaxGrad } from "../../../kernels/softmax_grad.ts";
import { reduceArg } from "../../../kernels/reduce_arg.ts";

function view(shape: readonly number[], axis: number): [number, number, number] {
  return [size(shape.slice(0, axis)), shape[axis], size(shape.slice(axis + 1))];
}

function lower(
  L: Lowering,
  v: number,
  inputs: readonly number[],
  axis: number,
  log: boolean,
  grad: boolean,
) {
  const x = inputs[0], rw = { reads: inputs.map((i) => L.v(i)), writes: [L.v(v)] };
  if (grad) {
    L.step(softmaxGrad, { log }, [v], rw, (c, launch) => {
      const [outer, n, inner] = view(c.shape(x), axis);
      const args = { dx: c.ptr(v), g: c.ptr(inputs[0]), y: c.ptr(inputs[1]), n, inner };
      return launch(args, outer * inner, "even", outer * n * inner);
    });
    return;
  }
  L.step(softmax, { log }, [v], rw, (c, launch) => {
    const [outer, n, inner] = view(c.shape(x), axis);
    return launch({ y: c.ptr(v), x: c.ptr(x), n, inner }, outer * inner, "even", outer * n * inner);
  });
}

/** The softmax primitive. */
export const softmaxPrim: Primitive<"softmax"> = {
  name: "softmax",
  dtype: () => "float32",
  shape: ([x]) => [...x],
  vjp: (node, g) => [makeNode("softmax_grad", [g, node], node.attrs)],
  lower: (L, { v, inputs, attrs: { axis, log } }) => lower(L, v, inputs, axis, log, false),
};

/** The softmax_grad primitive. */
export const softmaxGradPrim: Primitive<"softmax_grad"> = {
  name: "softmax_grad",
  dtype: () => "float32",
  shape: ([g]) => [...g],
  vjp: null,
  lower: (L, { v, inputs, attrs: { axis, log } }) => lower(L, v, inputs, axis, log, true),
};

/** The argmax primitive: int32 indices, the axis kept with size 1; not differentiable. */
export const argmaxPrim: Primitive<"argmax"> = {
  name: "argmax",
  dtype: () => "int32",
  shape: ([x], { axis }) => x.map((d, i) => (i === axis ? 1 : d)),
  vjp: () => [null],
  lower: (L, { v, inputs: [x], attrs: { axis } }) => {
    L.step(reduceArg, { op: "max" }, [v], { reads: [L.v(x)], writes: [L.v(v)] }, (c, launch) => {
      const [outer, r, inner] = view(c.shape(x), axis);
      return launch(
        { x: c.ptr(x), out: c.ptr(v), outer, r, inner },
        outer * inner,
        "even",
        outer * r * inner,
      );
    });
  },
};
