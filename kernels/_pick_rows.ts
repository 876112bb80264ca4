/**
 * What the JS `pick` and `pick_backward` kernels share: their arguments
 * under common names (`src, t, dst, C, stride`) and the loop
 * over rows that reads each target and returns `FAULT` at the first one
 * outside `[0, C)` that is not `ignoreIndex` (before its row is written).
 * Self-contained: Workers rebuild it from its source text (a kernel helper).
 *
 * @module
 */

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
  p: PickArgs,
  ignore: number,
  start: number,
  end: number,
  row: (p: PickArgs, i: number, k: number, ignored: boolean) => void,
): number {
  const i32 = p.i32;
  for (let i = start; i < end; i++) {
    const k = i32[p.t + i], ignored = k === ignore;
    if (!ignored && k >>> 0 >= p.C) return 1; // FAULT (a literal: Workers get this as text)
    row(p, i, k, ignored);
  }
  return 0;
}
