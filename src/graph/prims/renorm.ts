/**
 * `renorm`: in-place max-norm renormalisation of the table rows that indices
 * reference (inputs `[W, idx]`, writes `W`). Not differentiated: the
 * cotangent passes through to the table, as in PyTorch.
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";
import { backupRows, last, size } from "../../schedule/_lowering.ts";
import { renorm as renormKernel } from "../../../kernels/renorm.ts";
import { badIndex } from "../../schedule/_fault_message.ts";

/** The renorm primitive. */
export const renorm: Primitive<"renorm"> = {
  name: "renorm",
  dtype: () => "float32",
  shape: ([w]) => [...w],
  vjp: (_node, ct) => [ct, null],
  lower: (L, { inputs: [W, idx], v, attrs }, shapes) => {
    const V = shapes[W][0], spec = { D: last(shapes[W]), p: attrs.normType };
    const rw = { reads: [L.v(W), L.v(idx)], writes: [`${L.v(v)} (in place of ${L.v(W)})`] };
    L.step(
      renormKernel,
      spec,
      [v],
      rw,
      (c, launch) => {
        const N = size(c.shape(idx));
        return launch(
          { W: c.ptr(W), idx: c.ptr(idx), N, maxNorm: attrs.maxNorm, marks: c.scratch(V), V },
          V,
          "even",
          N * spec.D,
        );
      },
      (c) => backupRows(c, W, idx, spec.D),
      badIndex(W, idx),
    );
  },
};
