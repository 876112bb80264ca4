/**
 * `expand` (a broadcast to a shape) and `reshape` (the same elements in
 * another shape): both run the `elementwise` kernel's `copy x0`.
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";
import { parseShape } from "../_shape_text.ts";
import { reshapeTo, sumTo } from "../_build.ts";
import { elementwiseStep } from "./_ewise_lower.ts";

/** The expand primitive. */
export const expandPrim: Primitive<"expand"> = {
  name: "expand",
  dtype: ([d]) => d,
  shape: (_inputs, attrs) => parseShape(attrs.shape),
  vjp: (node, ct) => [sumTo(ct, node.inputs[0].shape)],
  lower: (L, { v, inputs: [x] }, shapes) => elementwiseStep(L, v, "copy x0", [x], shapes),
};

/** The reshape primitive. */
export const reshapePrim: Primitive<"reshape"> = {
  name: "reshape",
  dtype: ([d]) => d,
  shape: (_inputs, attrs) => parseShape(attrs.shape),
  vjp: (node, ct) => [reshapeTo(ct, node.inputs[0].shape)],
  lower: (L, { v, inputs: [x] }, shapes) => elementwiseStep(L, v, "copy x0", [x], shapes, true),
};
