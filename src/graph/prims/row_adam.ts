/**
 * `row_adam`: in place, `torch.optim.SparseAdam`'s update of the distinct
 * rows `rows` of a table `W` and of its moment tables `M` and `V2` from the
 * coalesced gradient rows `G` (inputs `[W, M, V2, rows, G]`). The node is
 * `W`'s new value; the same kernel writes `M` and `V2`, whose new values
 * are `written_by` nodes reading this one. Runs `sparse_adam_rows`, one unit
 * per touched row (Workers split the rows), so each touched row of the
 * three tables is read and written once. Not differentiated (an
 * optimizer's update).
 *
 * @module
 */

import type { AttrsOf, Primitive } from "../primitive.ts";
import { attrsExcept } from "./_structure.ts";
import { cold, last } from "../../schedule/_lowering.ts";
import { sparseAdamRows } from "../../../kernels/sparse_adam_rows.ts";
import { badIndex } from "../../schedule/_fault_message.ts";

/** The row_adam primitive. */
export const rowAdamPrim: Primitive<"row_adam"> = {
  name: "row_adam",
  dtype: () => "float32",
  shape: ([w]) => [...w],
  structure: attrsExcept<"row_adam">("beta1", "beta2", "eps", "stepSize"),
  vjp: null,
  lower: (L, { inputs: [W, M, V2, rows, G], v, attrs }, shapes) => {
    const V = shapes[W][0], spec = { D: last(shapes[W]), touch: cold(shapes[W]) };
    const { maximize } = attrs;
    const rw = {
      reads: [W, M, V2, rows, G].map((x) => L.v(x)),
      writes: [`${L.v(v)} (in place of ${L.v(W)})`, `${L.v(M)} and ${L.v(V2)} in place`],
    };
    L.step(
      sparseAdamRows,
      spec,
      [v],
      rw,
      (c, launch) => {
        const n = c.shape(rows)[0];
        const { beta1, beta2, eps, stepSize } = c.attrs(v) as AttrsOf["row_adam"];
        const args = {
          ...{ W: c.ptr(W), M: c.ptr(M), V2: c.ptr(V2), rows: c.ptr(rows), G: c.ptr(G) },
          ...{ sign: maximize ? -1 : 1, c1: 1 - beta1, c2: 1 - beta2, eps, step: -stepSize, V },
        };
        return launch(args, n, "even", 3 * n * spec.D);
      },
      // No undo copy: the rows come from a coalesced gradient whose `sparse_indices` kernel
      // checked them earlier in the same plan, so this kernel never refuses a row midway.
      undefined,
      badIndex(W, rows),
    );
  },
};
