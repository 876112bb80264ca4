/**
 * The lowering shared by `bag` and `bag_argmax`: one `gather_bag` (or
 * `bag_argmax`) kernel reading the rows through the gather it fuses.
 *
 * @module
 */

import type { KernelSpec } from "../../../kernels/kernel.ts";
import type { LowerNode } from "../primitive.ts";
import { launch, type Lowering, padded, size } from "../../schedule/_lowering.ts";

/** Lowers a bag reduction (`max`: the argmax kernel). */
export function lowerBag(
  L: Lowering,
  node: LowerNode<"bag"> | LowerNode<"bag_argmax">,
  shapes: readonly (readonly number[])[],
): void {
  const { attrs, inputs: [rows, idx, off, psw], v } = node;
  const R = L.rowsOf(rows, idx, attrs, shapes), D = R.D, touch = R.touch;
  const max = node.op === "bag_argmax";
  const spec: KernelSpec = node.op === "bag_argmax"
    ? { D, padded: padded(attrs), touch }
    : { D, mode: node.attrs.mode, weighted: psw !== undefined, padded: padded(attrs), touch };
  const reads = [R.name, L.v(idx), L.v(off), ...(psw !== undefined ? [L.v(psw)] : [])];
  L.step(
    max ? "bag_argmax" : "gather_bag",
    spec,
    [rows, v],
    { reads, writes: [L.v(v)] },
    (c) => {
      const nOff = c.shape(off)[0], N = size(c.shape(idx));
      const head = [R.W(c), R.idx(c), c.ptr(off), nOff, N];
      const args = max
        ? [...head, c.ptr(v), R.pad, R.V(c)]
        : [...head, psw !== undefined ? c.ptr(psw) : 0, c.ptr(v), R.pad, R.V(c)];
      return {
        ...launch(args, c.shape(v)[0], "bags", N * D),
        offsets: { off: c.ptr(off), nOff, N },
      };
    },
    undefined,
    R.fault(off),
  );
}

/** Bags of a bag node: offsets hold `B` or `B + 1` entries. */
export function bagCount(includeLastOffset: boolean, offsets: readonly number[]): number {
  return offsets[0] - (includeLastOffset ? 1 : 0);
}
