/**
 * `psw_grad`: the gradient of a weighted sum bag with respect to its
 * per-sample weights, `dpsw[j] = G[bag(j)] · W[idx[j]]`. Inputs
 * `[G, rows, idx, offsets]`, `rows` being the bag's gather (fused).
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";
import { padded, size } from "../../schedule/_lowering.ts";
import { pswGrad } from "../../../kernels/psw_grad.ts";

/** The psw_grad primitive. */
export const pswGradPrim: Primitive<"psw_grad"> = {
  name: "psw_grad",
  dtype: () => "float32",
  shape: ([, , idx]) => [...idx],
  vjp: null,
  lower: (L, { inputs: [G, rows, idx, off], v, attrs }, shapes) => {
    const R = L.rowsOf(rows, idx, attrs, shapes);
    const spec = { D: R.D, padded: padded(attrs), touch: R.touch };
    const rw = { reads: [L.v(G), R.name, L.v(idx), L.v(off)], writes: [L.v(v)] };
    L.step(
      pswGrad,
      spec,
      [rows, v],
      rw,
      (c, launch) => {
        const nOff = c.shape(off)[0], N = size(c.shape(idx)), G0 = c.ptr(G);
        const args = {
          G: G0,
          W: R.W(c),
          idx: R.idx(c),
          off: c.ptr(off),
          nOff,
          N,
          pad: R.pad,
          out: c.ptr(v),
          V: R.V(c),
        };
        return {
          ...launch(args, c.shape(G)[0], "bags", N * spec.D),
          offsets: { off: c.ptr(off), nOff, N },
        };
      },
      undefined,
      R.fault(off),
    );
  },
};
