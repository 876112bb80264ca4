/**
 * `inv_freq`: `invFreq[j] = 1 / freq(idx[j])`, rounded to float32, where
 * `freq(k)` counts the occurrences of row `k` in the whole of `idx` (the
 * `scaleGradByFreq` factor). `counts` is a zeroed int32 per table row, zeroed
 * again before returning.
 *
 * Args: as `SIG` names them (`counts` has `V` int32s). Units: one task.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({ idx: "i32*", N: "int", counts: "i32*", invFreq: "f32*", V: "int" });

function invFreqJs(h: Heap, _s: Record<string, never>, a: JsArgs<typeof SIG>): number {
  const f32 = h.f32, i32 = h.i32;
  const { idx, N, counts, invFreq: out, V } = a;
  for (let j = 0; j < N; j++) if (i32[idx + j] >>> 0 >= V) return 1;
  for (let j = 0; j < N; j++) i32[counts + i32[idx + j]]++;
  for (let j = 0; j < N; j++) f32[out + j] = 1 / i32[counts + i32[idx + j]];
  for (let j = 0; j < N; j++) i32[counts + i32[idx + j]] = 0;
  return 0;
}

/** The frequency-scaling preparation kernel. */
export const invFreq: Kernel<Record<string, never>, typeof SIG> = {
  name: "inv_freq",
  sig: SIG,
  unit: "task",
  js: invFreqJs,
};
