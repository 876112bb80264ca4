/**
 * `row_adam`: in place, `torch.optim.SparseAdam`'s update of a table `W`
 * and its moment tables `M` and `V2` by a row-sparse gradient given as
 * gradient rows `src` at positions `idx` (inputs `[W, M, V2, src, idx]`):
 * PyTorch's `grad.coalesce()` and lazy update in one kernel,
 * `sparse_adam_rows`, one unit per distinct row (from `row_csr`; Workers
 * split the rows), which sums the row's terms and updates its three table
 * rows, each read and written once. A bag backward fuses in (pattern "bag
 * backward into gradient kernels"), so neither the `[N, D]` per-lookup rows
 * nor the coalesced values exist. The node is `W`'s new value; `M` and `V2`
 * get `written_by` nodes reading it. Not differentiated (an optimizer's
 * update).
 *
 * @module
 */

import type { Primitive } from "../primitive.ts";
import { cold, last, padOf, size } from "../../schedule/_lowering.ts";
import { sparseAdamRows } from "../../../kernels/sparse_adam_rows.ts";
import { badIndex } from "../../schedule/_fault_message.ts";
import { KernelFault } from "../../runtime/_fault.ts";
import type { BindContext } from "../../schedule/plan.ts";

/** The row_adam primitive. */
export const rowAdamPrim: Primitive<"row_adam"> = {
  name: "row_adam",
  dtype: () => "float32",
  shape: ([w]) => [...w],
  vjp: null,
  lower: (L, { inputs: [W, M, V2, src, idx], v, attrs }, shapes) => {
    const V = shapes[W][0], D = last(shapes[W]), g = L.gradSource(src);
    const freq = attrs.scaleGradByFreq, invF = freq ? L.invFreqFor(idx, V) : -1;
    const csr = L.csrFor(idx, attrs, V);
    // Each launch sums its rows at its own row `start` of this `[N, D]` temp (only those are touched).
    const sums = L.perIndex(idx, "sums", D);
    const spec = { D, source: g.source, freq, touch: cold(shapes[W]) };
    const temps = [g.bagOf, g.scale, invF, csr, sums].filter((t) => t >= 0).map((t) => L.t(t));
    const rw = {
      reads: [W, M, V2, g.G, idx, ...(g.argmax >= 0 ? [g.argmax] : [])].map((x) => L.v(x))
        .concat(temps),
      writes: [`${L.v(v)} (in place of ${L.v(W)})`, `${L.v(M)} and ${L.v(V2)} in place`],
    };
    const { beta1, beta2, eps, stepSize, maximize } = attrs;
    const ptr = (c: BindContext, t: number) => (t < 0 ? 0 : c.temp(t));
    L.step(
      sparseAdamRows,
      spec,
      [...g.covers, v],
      rw,
      (c, launch) => {
        const N = size(c.shape(idx)), units = c.heap.i32[c.temp(csr) >>> 2];
        // More distinct rows than positions: the indices changed after validation.
        if (units >>> 0 > N) throw new KernelFault("sparse_adam_rows");
        const args = {
          ...{ G: c.ptr(g.G), idx: c.ptr(idx), N, pad: padOf(attrs), csr: c.temp(csr) },
          ...{ bagOf: ptr(c, g.bagOf), scale: ptr(c, g.scale), invFreq: ptr(c, invF) },
          ...{ argmax: g.argmax >= 0 ? c.ptr(g.argmax) : 0, out: c.temp(sums) },
          ...{ W: c.ptr(W), M: c.ptr(M), V2: c.ptr(V2), V },
          ...{ sign: maximize ? -1 : 1, c1: 1 - beta1, c2: 1 - beta2, eps, step: -stepSize },
        };
        return launch(args, units, "even", 4 * N * D);
      },
      // No undo copy: `row_csr` checked every index earlier in the same plan (before any
      // write), so this kernel never refuses a row midway.
      undefined,
      badIndex(-1, idx, -1, V),
    );
  },
};
