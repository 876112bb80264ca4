/**
 * `sparse_indices`: the row indices of a row-sparse gradient (input `[idx]`),
 * in input order without padding, or distinct and ascending (coalesced).
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";
import { launch, padded, padOf, size } from "../../schedule/_lowering.ts";
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
      "sparse_indices",
      { padded: padded(attrs), coalesced },
      [v],
      rw,
      (c) =>
        launch(
          [
            c.ptr(idx),
            size(c.shape(idx)),
            padOf(attrs),
            csr < 0 ? 0 : c.temp(csr),
            c.ptr(v),
            V,
            c
              .shape(v)[0],
          ],
          1,
          "single",
        ),
      undefined,
      badIndex(-1, idx, -1, V),
    );
  },
};
