/**
 * `sparse_indices`: the row indices of a row-sparse gradient (input `[idx]`),
 * in input order without padding, or distinct and ascending (coalesced).
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";
import { padded, padOf, size } from "../../schedule/_lowering.ts";
import { sparseIndices } from "../../../kernels/sparse_indices.ts";
import { badIndex } from "../../schedule/_fault_message.ts";

/** The sparse_indices primitive. */
export const sparseIndicesPrim: Primitive<"sparse_indices"> = {
  name: "sparse_indices",
  dtype: () => "int32",
  shape: (_inputs, _attrs, facts) => [facts.nnz],
  vjp: null,
  lower: (L, { inputs: [idx], v, attrs }) => {
    const { coalesced, numEmbeddings: V } = attrs;
    const csr = coalesced ? L.csrFor(idx, attrs, V) : -1;
    const rw = { reads: [L.v(idx), ...(csr >= 0 ? [L.t(csr)] : [])], writes: [L.v(v)] };
    L.step(
      sparseIndices,
      { padded: padded(attrs), coalesced },
      [v],
      rw,
      (c, launch) =>
        launch(
          {
            idx: c.ptr(idx),
            N: size(c.shape(idx)),
            pad: padOf(attrs),
            csr: csr < 0 ? 0 : c.temp(csr),
            out: c.ptr(v),
            V,
            nOut: c.shape(v)[0],
          },
          1,
          "single",
        ),
      undefined,
      badIndex(-1, idx, -1, V),
    );
  },
};
