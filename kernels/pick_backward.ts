/**
 * `pick_backward`: the vjp of `pick`, `dx[i, t[i]] = g[i * gStride]` and
 * zeros elsewhere in row `i`; an ignored row (`t[i] == ignoreIndex`) is all
 * zeros. Every row of `dx` is written whole, so no zeroed scratch is needed.
 * A target outside `[0, C)` that is not ignored returns `FAULT` before its
 * row is written. `gStride` is 1 for a per-row gradient, 0 for one shared
 * value. Values are copied as bits.
 *
 * Args: as `SIG` names them (`dx` is `[N, C]`).
 * Units: rows (`N`), split "even".
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type NoSpec, pickRows } from "./_pick_rows.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({
  g: "x32*",
  t: "i32*",
  dx: "x32*",
  C: "int",
  gStride: "int",
  ignoreIndex: "int",
});

function pickBackwardJs(
  h: Heap,
  _s: NoSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const p = { i32: h.i32, src: a.g, t: a.t, dst: a.dx, C: a.C, stride: a.gStride };
  return pickRows(p, a.ignoreIndex, start, end, ({ i32, src, dst, C, stride }, i, k, ignored) => {
    const row = dst + i * C;
    i32.fill(0, row, row + C);
    if (!ignored) i32[row + k] = i32[src + i * stride];
  });
}

/** The scatter-to-target kernel (the gradient of `pick`). */
export const pickBackward: Kernel<NoSpec, typeof SIG> = {
  name: "pick_backward",
  sig: SIG,
  unit: "row",
  js: pickBackwardJs,
  helpers: [pickRows],
};
