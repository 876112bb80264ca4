/**
 * `psw_grad`: the gradient of a weighted sum bag with respect to its
 * per-sample weights, `dpsw[j] = G[bag(j)] · W[idx[j]]`. Inputs
 * `[G, rows, idx, offsets]`, `rows` being the bag's gather (fused).
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";
import { launch, padded, size } from "../../schedule/_lowering.ts";

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
      "psw_grad",
      spec,
      [rows, v],
      rw,
      (c) => {
        const nOff = c.shape(off)[0], N = size(c.shape(idx));
        const args = [c.ptr(G), R.W(c), R.idx(c), c.ptr(off), nOff, N, R.pad, c.ptr(v), R.V(c)];
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
