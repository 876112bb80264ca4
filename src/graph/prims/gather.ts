/**
 * `gather`: rows of a table picked by indices, `out[..., :] = W[idx[...], :]`.
 * Inputs `[W, idx]`. Its vjp scatter-adds the rows' cotangents back into a
 * dense `[V, D]` table (the sparse form is built by the transforms, which
 * know whether the table wants a `RowSparseGrad`).
 *
 * @module
 */

import { makeNode, type Node } from "../node.ts";
import type { AttrsOf, NodeOf, Primitive } from "../primitive.ts";
import { cold, last, size } from "../../schedule/_lowering.ts";
import { gather as gatherKernel } from "../../../kernels/gather.ts";
import { badIndex } from "../../schedule/_fault_message.ts";

/** The dense gradient of a gather: `scatter_add` of the row cotangents. */
export function scatterAdd(rows: Node, idx: Node, attrs: AttrsOf["scatter_add"]): Node {
  return makeNode("scatter_add", [rows, idx], attrs);
}

/** The attrs of the dense gradient of a gather node. */
export function gatherGradAttrs(node: NodeOf<"gather">): AttrsOf["scatter_add"] {
  return {
    numEmbeddings: node.inputs[0].shape[0],
    paddingIdx: node.attrs.paddingIdx,
    scaleGradByFreq: node.attrs.scaleGradByFreq,
  };
}

/** The gather primitive. */
export const gather: Primitive<"gather"> = {
  name: "gather",
  dtype: () => "float32",
  shape: ([w, idx]) => [...idx, last(w)],
  // Rows of the cotangent scatter-add back into the table; indices get none.
  vjp: (node, ct) => [scatterAdd(ct, node.inputs[1], gatherGradAttrs(node)), null],
  lower: (L, { inputs: [W, idx], v }, shapes) => {
    const spec = { D: last(shapes[W]), touch: cold(shapes[W]) };
    L.step(
      gatherKernel,
      spec,
      [v],
      { reads: [L.v(W), L.v(idx)], writes: [L.v(v)] },
      (c, launch) =>
        launch(
          { W: c.ptr(W), idx: c.ptr(idx), out: c.ptr(v), V: c.shape(W)[0] },
          size(c.shape(idx)),
          "even",
          size(c.shape(v)),
        ),
      undefined,
      badIndex(W, idx),
    );
  },
};
