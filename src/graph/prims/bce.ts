/**
 * `bce` (inputs `[p, y]`): binary cross-entropy of probabilities,
 * `-(y·max(log p, -100) + (1 - y)·max(log(1 - p), -100))`, one fused
 * elementwise kernel. Its vjp is PyTorch's, not the clamp's: the input's
 * gradient is `(p - y) / max((1 - p)·p, 1e-12)` (finite at 0 and 1), the
 * target's `log(1 - p) - log p` (unclamped).
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";
import { broadcastShapes } from "../_shape_text.ts";
import { ew } from "../_build.ts";
import { elementwiseStep } from "./_ewise_lower.ts";

const PROGRAM = "log x0; maximum t0 -100; sub 1 x0; log t2; maximum t3 -100; " +
  "mul x1 t1; sub 1 x1; mul t6 t4; add t5 t7; neg t8";

/** The bce primitive. */
export const bcePrim: Primitive<"bce"> = {
  name: "bce",
  dtype: () => "float32",
  shape: (inputs) => broadcastShapes(inputs)!,
  vjp: (node, g) => {
    const [p, y] = node.inputs;
    const denom = ew("maximum x0 1e-12", ew("mul x0 x1", ew("sub 1 x0", p), p));
    const dp = ew("mul x0 x1", g, ew("div x0 x1", ew("sub x0 x1", p, y), denom));
    const dy = ew(
      "mul x0 x1",
      g,
      ew("sub x0 x1", ew("log x0", ew("sub 1 x0", p)), ew("log x0", p)),
    );
    return [dp, dy];
  },
  lower: (L, { v, inputs }, shapes) => elementwiseStep(L, v, PROGRAM, inputs, shapes),
};
