/**
 * The running estimates behind the default placement (`_launch_cost.ts`):
 * the median or least of a window of samples, and the value of a measured
 * block of launches.
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

/** A block being measured: candidates, their time and time inline (µs), and the longest one's. */
export interface Block {
  n: number;
  took: number;
  inline: number;
  longest: number;
  longestInline: number;
}

/** A block with nothing measured yet. */
export function emptyBlock(): Block {
  return { n: 0, took: 0, inline: 0, longest: 0, longestInline: 0 };
}

/** Adds a candidate that took `took` µs and `inline` µs on the calling thread to a block. */
export function addToBlock(b: Block, took: number, inline: number): void {
  b.n++;
  b.took += took;
  b.inline += inline;
  if (took - inline > b.longest - b.longestInline) {
    b.longest = took;
    b.longestInline = inline;
  }
}

/**
 * A block's time over its time on the calling thread, without its candidate
 * that took longest beyond its time inline: one collector pause or
 * descheduled thread in a block (which can take ten times a launch's time)
 * does not set it, while the many late Worker shares of a busy machine do (a
 * median of the candidates' ratios hid them: eight splits that took 74 ms
 * against 2 ms inline had a median ratio of 0.59).
 */
export function blockValue(b: Block): number {
  return b.n > 1 ? (b.took - b.longest) / (b.inline - b.longestInline) : b.took / b.inline;
}
