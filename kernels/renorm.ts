/**
 * `renorm`: max-norm renormalisation, in place. Every distinct row referenced
 * by `idx` whose p-norm is strictly greater than `maxNorm` is multiplied by
 * `maxNorm / (norm + 1e-7)`; the norm is accumulated in float64 and rounded
 * to float32 (PyTorch's `row.norm(p)` is a float32), the scale is computed in
 * float64 and rounded to float32, and the product is a float32 multiply.
 *
 * Owner-computes: a launch owns table rows `[start, end)` and scans all of
 * `idx`, handling only its rows, so no two Workers touch one row. `marks` is a
 * zeroed byte per table row, used to see each row once and zeroed again
 * before returning.
 *
 * Args: as `SIG` names them. Units: table rows.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({
  W: "f32*",
  idx: "i32*",
  N: "int",
  maxNorm: "float",
  marks: "u8*",
  V: "int",
});

/** Static spec of `renorm`: `p` is the norm type, `Infinity` for the max norm. */
export type RenormSpec = { readonly D: number; readonly p: number };

function renormJs(
  h: Heap,
  s: RenormSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32, u8 = h.u8, D = s.D, p = s.p;
  const { W, idx, N, maxNorm, marks, V } = a;
  for (let j = 0; j < N; j++) {
    const k = i32[idx + j];
    if (k >>> 0 >= V) return 1; // marks may be left set: the runtime drops a failed run's scratch
    if (k < start || k >= end || u8[marks + k] !== 0) continue;
    u8[marks + k] = 1;
    const r = W + k * D;
    let acc = 0;
    for (let d = 0; d < D; d++) {
      const x = Math.abs(f32[r + d]);
      if (p === 2) acc += x * x;
      else if (p === 1) acc += x;
      // A NaN makes the max norm NaN (as torch.norm does), so the row is left alone.
      else if (p === Infinity) acc = x > acc || x !== x ? x : acc;
      else acc += Math.pow(x, p);
    }
    const norm = Math.fround(
      p === 2 ? Math.sqrt(acc) : p === 1 || p === Infinity ? acc : Math.pow(acc, 1 / p),
    );
    if (norm > maxNorm) {
      const scale = Math.fround(maxNorm / (norm + 1e-7));
      for (let d = 0; d < D; d++) f32[r + d] *= scale;
    }
  }
  for (let j = 0; j < N; j++) {
    const k = i32[idx + j];
    if (k >= start && k < end) u8[marks + k] = 0;
  }
  return 0;
}

/** The max-norm kernel. */
export const renorm: Kernel<RenormSpec, typeof SIG> = {
  name: "renorm",
  sig: SIG,
  unit: "row",
  js: renormJs,
};
