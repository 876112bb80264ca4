/**
 * `row_add`: in-place `W[rows[u]] += alpha * G[u]` over distinct rows
 * (inputs `[W, rows, G]`, writes `W`), PyTorch's `param.add_(sparse, alpha)`
 * for a coalesced row-sparse update. Runs the `sgd_rows` kernel (`lr` is
 * `-alpha`), one unit per touched row, so Workers split the rows. Not
 * differentiated (an optimizer's update).
 *
 * @module
 */

import type { AttrsOf, Primitive } from "../primitive.ts";
import { attrsExcept } from "./_structure.ts";
import { last } from "../../schedule/_lowering.ts";
import { sgdRows } from "../../../kernels/sgd_rows.ts";
import { badIndex } from "../../schedule/_fault_message.ts";

/** The row_add primitive. */
export const rowAddPrim: Primitive<"row_add"> = {
  name: "row_add",
  dtype: () => "float32",
  shape: ([w]) => [...w],
  structure: attrsExcept<"row_add">("alpha"),
  vjp: null,
  lower: (L, { inputs: [W, rows, G], v }, shapes) => {
    const V = shapes[W][0], spec = { D: last(shapes[W]), dense: false };
    const rw = {
      reads: [L.v(W), L.v(rows), L.v(G)],
      writes: [`${L.v(v)} (in place of ${L.v(W)})`],
    };
    L.step(
      sgdRows,
      spec,
      [v],
      rw,
      (c, launch) => {
        const n = c.shape(rows)[0];
        const { alpha } = c.attrs(v) as AttrsOf["row_add"];
        const args = { W: c.ptr(W), rows: c.ptr(rows), G: c.ptr(G), lr: -alpha, V };
        return launch(args, n, "even", n * spec.D);
      },
      // No undo copy: the rows come from a coalesced gradient whose `sparse_indices` kernel
      // checked them earlier in the same plan, so this kernel never refuses a row midway.
      undefined,
      badIndex(W, rows),
    );
  },
};
