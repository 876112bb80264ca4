/**
 * What the JS `pick` and `pick_backward` kernels share: the decoding of
 * their argument list `[src, t, dst, C, stride, ignoreIndex]` and the loop
 * over rows that reads each target and returns `FAULT` at the first one
 * outside `[0, C)` that is not `ignoreIndex` (before its row is written).
 * Self-contained: Workers rebuild it from its source text (a kernel helper).
 *
 * @module
 */

import type { Heap } from "./kernel.ts";

/** The (empty) static spec of the pick kernels. */
export type NoSpec = Record<string, never>;

/** The decoded arguments of a pick kernel (offsets in int32 elements). */
export interface PickArgs {
  readonly i32: Int32Array;
  /** `x` for `pick`, `g` for `pick_backward`. */
  readonly src: number;
  readonly t: number;
  /** `out` for `pick`, `dx` for `pick_backward`. */
  readonly dst: number;
  readonly C: number;
  /** `xStride` for `pick`, `gStride` for `pick_backward`. */
  readonly stride: number;
}

/**
 * Calls `row(p, i, k, ignored)` for rows `[start, end)` with each row's
 * target `k`; returns `FAULT` at the first target out of range, else 0.
 */
export function pickRows(
  h: Heap,
  a: ArrayLike<number>,
  start: number,
  end: number,
  row: (p: PickArgs, i: number, k: number, ignored: boolean) => void,
): number {
  const p: PickArgs = {
    i32: h.i32,
    src: a[0] >>> 2,
    t: a[1] >>> 2,
    dst: a[2] >>> 2,
    C: a[3],
    stride: a[4],
  };
  const ignore = a[5], i32 = h.i32;
  for (let i = start; i < end; i++) {
    const k = i32[p.t + i], ignored = k === ignore;
    if (!ignored && k >>> 0 >= p.C) return 1; // FAULT (a literal: Workers get this as text)
    row(p, i, k, ignored);
  }
  return 0;
}
