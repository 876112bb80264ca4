/**
 * The lowering shared by `bag` and `bag_argmax`: one `gather_bag` (or
 * `bag_argmax`) kernel reading the rows through the gather it fuses.
 *
 * @module
 */

import type { LowerNode } from "../primitive.ts";
import { type Lowering, padded, size } from "../../schedule/_lowering.ts";
import type { BindContext, Launch } from "../../schedule/plan.ts";
import { gatherBag } from "../../../kernels/gather_bag.ts";
import { bagArgmax } from "../../../kernels/bag_argmax.ts";

/** Lowers a bag reduction (`max`: the argmax kernel). */
export function lowerBag(
  L: Lowering,
  node: LowerNode<"bag"> | LowerNode<"bag_argmax">,
  shapes: readonly (readonly number[])[],
): void {
  const { attrs, inputs: [rows, idx, off, psw], v } = node;
  const R = L.rowsOf(rows, idx, attrs, shapes), D = R.D, touch = R.touch;
  const reads = [R.name, L.v(idx), L.v(off), ...(psw !== undefined ? [L.v(psw)] : [])];
  const rw = { reads, writes: [L.v(v)] };
  // Bags are balanced across Workers by their index counts.
  const bags = (c: BindContext, l: Launch) => ({
    ...l,
    offsets: { off: c.ptr(off), nOff: c.shape(off)[0], N: size(c.shape(idx)) },
  });
  // What both bag kernels read: rows, indices, offsets, padding and table size.
  const common = (c: BindContext) => ({
    W: R.W(c),
    idx: R.idx(c),
    off: c.ptr(off),
    nOff: c.shape(off)[0],
    N: size(c.shape(idx)),
    pad: R.pad,
    V: R.V(c),
  });
  if (node.op === "bag_argmax") {
    L.step(
      bagArgmax,
      { D, padded: padded(attrs), touch },
      [rows, v],
      rw,
      (c, launch) => {
        const a = common(c);
        return bags(c, launch({ ...a, argmax: c.ptr(v) }, c.shape(v)[0], "bags", a.N * D));
      },
      undefined,
      R.fault(off),
    );
    return;
  }
  const spec = {
    D,
    mode: node.attrs.mode,
    weighted: psw !== undefined,
    padded: padded(attrs),
    touch,
  };
  L.step(
    gatherBag,
    spec,
    [rows, v],
    rw,
    (c, launch) => {
      const a = common(c), psws = psw !== undefined ? c.ptr(psw) : 0;
      return bags(c, launch({ ...a, psw: psws, out: c.ptr(v) }, c.shape(v)[0], "bags", a.N * D));
    },
    undefined,
    R.fault(off),
  );
}

/** Bags of a bag node: offsets hold `B` or `B + 1` entries. */
export function bagCount(includeLastOffset: boolean, offsets: readonly number[]): number {
  return offsets[0] - (includeLastOffset ? 1 : 0);
}
