/**
 * Work partitioning for Workers: equal unit ranges, one task, or ranges of
 * bags balanced by their number of indices (bags can be ragged).
 *
 * @module
 */

import type { Heap } from "../memory/arena.ts";
import type { Launch } from "../schedule/plan.ts";

/** A `[start, end)` range of work units. */
export type Range = readonly [number, number];

/** First bag whose start offset is at least `target` (bags in `[0, B)`). */
function firstBagFrom(i32: Int32Array, off: number, B: number, target: number): number {
  let lo = 0, hi = B;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (i32[off + mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Splits a launch into at most `parts` non-empty ranges, in order.
 *
 * @param heap The arena, to read offsets for `split: "bags"`.
 */
export function splitLaunch(launch: Launch, parts: number, heap: Heap): Range[] {
  const { units } = launch;
  if (units === 0) return [];
  if (launch.split === "single" || parts <= 1) return [[0, units]];
  const cuts = [0];
  if (launch.split === "bags" && launch.offsets) {
    const { off, N } = launch.offsets;
    const base = off >>> 2;
    for (let k = 1; k < parts; k++) {
      cuts.push(
        Math.max(cuts[k - 1], firstBagFrom(heap.i32, base, units, Math.round((N * k) / parts))),
      );
    }
  } else {
    for (let k = 1; k < parts; k++) cuts.push(Math.round((units * k) / parts));
  }
  cuts.push(units);
  const ranges: Range[] = [];
  for (let k = 0; k < parts; k++) if (cuts[k + 1] > cuts[k]) ranges.push([cuts[k], cuts[k + 1]]);
  return ranges;
}
