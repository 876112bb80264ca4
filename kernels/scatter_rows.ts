/**
 * `scatter_rows`: the dense weight gradient, `[V, D]`. For every non-padding
 * position `j`, adds the gradient of position `j` (see `_grad_source.ts`) to
 * row `idx[j]`, in input order; untouched rows are zero. Fuses the bag
 * backward and the scatter, so the `[N, D]` row gradients never exist.
 *
 * Owner-computes: a launch owns table rows `[start, end)`, zeroes them and
 * scans all positions, so no two Workers write one row.
 *
 * With `update`, the same pass is an optimizer's in-place sparse step,
 * `out[idx[j]] += alpha * grad(j)` into the existing table (PyTorch's
 * `param.add_(sparse_grad, alpha=-lr)` on an uncoalesced gradient: each row
 * owner applies its positions in input order, nothing zeroed). Every index
 * is checked before the first write, so a bad index leaves the table as it was.
 * With `coalesce` too, the owner first sums each of its rows' terms from zero
 * in input order (as the dense gradient does) and then adds `alpha` times
 * each sum once (as the dense update `W + alpha * grad` does on that row):
 * plain SGD on a dense lookup gradient, touching only the looked-up rows.
 *
 * Args: as `SIG` names them.
 * Units: table rows.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { addGradRow, GRAD_PARAMS, gradPointers, type GradSource } from "./_grad_source.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({
  ...GRAD_PARAMS,
  V: "int",
  alpha: "float",
  acc: "f32*",
  slot: "i32*",
});

/** Static spec of `scatter_rows`. */
export type ScatterRowsSpec = {
  readonly D: number;
  readonly source: GradSource;
  readonly freq: boolean;
  readonly padded: boolean;
  /** Add `alpha` times the gradient into the existing rows (no zeroing). @default false */
  readonly update?: boolean;
  /**
   * With `update`: sum each row's terms first (from zero, in input order, into `acc` at the
   * row's first position; `slot` marks rows, zeroed per table row and left zeroed), then add
   * `alpha` times each sum once: the dense gradient's sums and update, on the touched rows only.
   * @default false
   */
  readonly coalesce?: boolean;
};

function scatterRowsJs(
  h: Heap,
  s: ScatterRowsSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const i32 = h.i32, D = s.D;
  // Without padding, pad is 0.5: no int32 equals it, so every index (even -1) is checked.
  const { idx, N, out, V } = a, pad = s.padded ? a.pad : 0.5;
  const source = s.source === "rows" ? 0 : s.source === "scaled" ? 1 : 2;
  const p = gradPointers(a.G, a.bagOf, a.scale, a.argmax, a.invFreq);
  if (s.update) {
    for (let j = 0; j < N; j++) if (i32[idx + j] !== pad && i32[idx + j] >>> 0 >= V) return 1;
  } else h.f32.fill(0, out + start * D, out + end * D);
  const alpha = s.update ? Math.fround(a.alpha) : 1;
  if (s.coalesce) return sumThenAdd(h, s, a, start, end, p, pad, alpha);
  for (let j = 0; j < N; j++) {
    const k = i32[idx + j];
    if (k === pad) continue;
    if (k >>> 0 >= V) return 1;
    if (k < start || k >= end) continue;
    addGradRow(h, source, s.freq, D, p, j, out + k * D, alpha);
  }
  return 0;
}

/** The dense gradient kernel. */
/** The coalescing update: rows summed in input order, then each added once (indices checked). */
function sumThenAdd(
  h: Heap,
  s: ScatterRowsSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
  p: Int32Array,
  pad: number,
  alpha: number,
): number {
  const f32 = h.f32, i32 = h.i32, D = s.D, { idx, N, out, acc, slot } = a;
  const source = s.source === "rows" ? 0 : s.source === "scaled" ? 1 : 2;
  for (let j = 0; j < N; j++) {
    const k = i32[idx + j];
    if (k === pad || k < start || k >= end) continue;
    let first = i32[slot + k];
    if (first === 0) {
      i32[slot + k] = first = j + 1;
      f32.fill(0, acc + j * D, acc + (j + 1) * D);
    }
    addGradRow(h, source, s.freq, D, p, j, acc + (first - 1) * D);
  }
  for (let j = 0; j < N; j++) {
    const k = i32[idx + j];
    if (k === pad || k < start || k >= end || i32[slot + k] === 0) continue;
    const w = out + k * D, o = acc + (i32[slot + k] - 1) * D;
    for (let d = 0; d < D; d++) f32[w + d] += Math.fround(alpha * f32[o + d]);
    i32[slot + k] = 0;
  }
  return 0;
}

export const scatterRows: Kernel<ScatterRowsSpec, typeof SIG> = {
  name: "scatter_rows",
  sig: SIG,
  unit: "row",
  js: scatterRowsJs,
  helpers: [addGradRow, gradPointers, sumThenAdd],
};
