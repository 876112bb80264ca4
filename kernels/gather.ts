/**
 * `gather`: the lookup. Copies `W[idx[j]]` to row `j` of the output.
 *
 * Args: as `SIG` names them (byte offsets, then the table's rows). Units: positions `j`.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({ W: "f32*", idx: "i32*", out: "f32*", V: "int" });

/** Static spec of `gather`. */
export type GatherSpec = {
  readonly D: number;
  /** Hint for the Wasm kernel: the table is larger than the caches (touch rows ahead). */
  readonly touch?: boolean;
};

function gatherJs(
  h: Heap,
  s: GatherSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32, D = s.D;
  const { W, idx, out, V } = a;
  for (let j = start; j < end; j++) {
    const k = i32[idx + j];
    if (k >>> 0 >= V) return 1;
    const src = W + k * D, dst = out + j * D;
    if (D >= 16) f32.copyWithin(dst, src, src + D);
    else for (let d = 0; d < D; d++) f32[dst + d] = f32[src + d];
  }
  return 0;
}

/** The lookup kernel. */
export const gather: Kernel<GatherSpec, typeof SIG> = {
  name: "gather",
  sig: SIG,
  unit: "position",
  js: gatherJs,
};
