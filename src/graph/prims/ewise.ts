/**
 * `ewise`: one elementwise instruction over NumPy-broadcast inputs, e.g.
 * `add x0 x1` or `mul x0 0.5` (the syntax of `kernels/_elementwise_program.ts`).
 * Chains of `ewise` nodes fuse into one `elementwise` kernel. Float32 out;
 * int32 inputs are converted when loaded. The numbers are the kernel's
 * run-time arguments (see `_ewise_consts.ts`).
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";
import { broadcastShapes } from "../_shape_text.ts";
import { ewiseVjp } from "./_ewise_vjp.ts";
import { lowerEwise } from "./_ewise_lower.ts";
import { ewiseStructure } from "./_ewise_consts.ts";

/** The ewise primitive. */
export const ewisePrim: Primitive<"ewise"> = {
  name: "ewise",
  dtype: () => "float32",
  structure: (attrs) => ewiseStructure(attrs.prog),
  shape: (inputs, attrs) => {
    const out = broadcastShapes(inputs);
    if (out === undefined) {
      throw new Error(
        `internal: ${attrs.prog} of shapes ${JSON.stringify(inputs)} do not broadcast`,
      );
    }
    return out;
  },
  vjp: ewiseVjp,
  lower: (L, { v }, shapes) => lowerEwise(L, v, shapes),
};
