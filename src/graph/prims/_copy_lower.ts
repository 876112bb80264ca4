/**
 * Steps of the `strided_copy` kernel (a copy of a strided view into a
 * strided destination, 4-byte elements as bits, so any dtype): what
 * reshape, expand, transpose, concat and slice lower to.
 *
 * @module
 */

import { type Lowering, size } from "../../schedule/_lowering.ts";
import { stridedCopy } from "../../../kernels/strided_copy.ts";
import type { BindContext } from "../../schedule/plan.ts";

/** Row-major strides of a shape, in elements. */
export const stridesOf = (shape: readonly number[]): number[] => {
  const s = new Array<number>(shape.length);
  for (let i = shape.length - 1, k = 1; i >= 0; i--) {
    s[i] = k;
    k *= shape[i];
  }
  return s;
};

/** A copy: the dims walked, and the source and destination strides and element offsets. */
export interface CopyView {
  dims: number[];
  xs: number[];
  os: number[];
  xOff?: number;
  oOff?: number;
}

/** Pads a view to the kernel's six slots (leading dims of size 1). */
function slots(v: CopyView): { n: number[]; xs: number[]; os: number[] } {
  const pad = 6 - v.dims.length;
  const fill = (a: number[], x: number) => [...new Array<number>(pad).fill(x), ...a];
  return { n: fill(v.dims, 1), xs: fill(v.xs, 0), os: fill(v.os, 0) };
}

/**
 * Appends one `strided_copy` step from value `x` into value `v` (rank: the
 * view's static rank, 1 to 6).
 */
export function copyStep(
  L: Lowering,
  v: number,
  x: number,
  rank: number,
  view: (c: BindContext) => CopyView,
  covers: number[] = [v],
): void {
  if (rank > 6) throw new RangeError(`copies support at most 6 dimensions, not ${rank}`);
  L.step(
    stridedCopy,
    { rank: Math.max(1, rank) },
    covers,
    { reads: [L.v(x)], writes: [L.v(v)] },
    (c, launch) => {
      const w = view(c);
      const rows = size(w.dims.slice(0, -1));
      const args = {
        x: c.ptr(x) + 4 * (w.xOff ?? 0),
        out: c.ptr(v) + 4 * (w.oOff ?? 0),
        ...slots(w),
      };
      return launch(args, w.dims.length <= 1 ? 1 : rows, "even", size(w.dims));
    },
  );
}
