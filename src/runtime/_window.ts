/**
 * The running estimates behind the default placement (`_launch_cost.ts`):
 * the median or least of a window of samples, and the weighted median of a
 * measured block of launches.
 *
 * @module
 */

/** The median (or the least) of the last `window` samples; undefined before the first. */
export class Window {
  #samples: number[] = [];
  #next = 0;
  value: number | undefined;
  constructor(readonly window: number, readonly least: boolean) {}

  add(x: number): void {
    if (!Number.isFinite(x)) return;
    this.#samples[this.#next] = x;
    this.#next = (this.#next + 1) % this.window;
    const s = this.#samples.slice().sort((a, b) => a - b);
    this.value = this.least
      ? s[0]
      : s.length % 2
      ? s[s.length >> 1]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}

/** A block being measured: each candidate's time over its time inline and that time, their sums (µs). */
export interface Block {
  ratios: number[];
  weights: number[];
  inline: number;
  took: number;
}

/** A block with nothing measured yet. */
export function emptyBlock(): Block {
  return { ratios: [], weights: [], inline: 0, took: 0 };
}

/**
 * The median of a block's ratios weighted by their time inline: robust to the
 * few runs a descheduled thread stretches (on a busy machine one in a block can
 * take ten times its time and would set a mean), weighing long launches most.
 */
export function weightedMedian({ ratios, weights, inline }: Block): number {
  const order = ratios.map((_, i) => i).sort((a, b) => ratios[a] - ratios[b]);
  let acc = 0;
  for (const i of order) if ((acc += weights[i]) >= inline / 2) return ratios[i];
  return ratios[order[order.length - 1]];
}
