/**
 * `renorm`: in-place max-norm renormalisation of the table rows that indices
 * reference (inputs `[W, idx]`, writes `W`). Not differentiated: the
 * cotangent passes through to the table, as in PyTorch.
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";
import { backupRows, last, launch, size } from "../../schedule/_lowering.ts";
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
      "renorm",
      spec,
      [v],
      rw,
      (c) => {
        const N = size(c.shape(idx));
        return launch(
          [c.ptr(W), c.ptr(idx), N, attrs.maxNorm, c.scratch(V), V],
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
