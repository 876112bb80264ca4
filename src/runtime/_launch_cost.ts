/**
 * Where a launch of the Worker executor runs by default (`inlineBelow:
 * "auto"`): the former fixed rule or the calling thread alone, whichever
 * the program's own launches were measured to run faster with.
 *
 * Launches of `SPLIT_FROM` units of work or more are candidates (the former
 * fixed threshold); smaller ones always run on the calling thread, untimed.
 * Candidates are placed by one mode for the whole executor: `"split"` (over
 * the caller and the Workers, as the fixed rule does) or `"inline"`. Each mode
 * is measured in blocks of candidates (see `BLOCK_MIN`): their time (a split
 * run from hand-out to the last share done) over their time on the calling
 * thread (each kernel's rate, the least of its last runs there or of the
 * caller's shares of its split runs, times the launch's work), the candidate
 * that took longest beyond its time inline left out (`blockValue`). The
 * mode whose last `MODE_WINDOW` blocks have the lower median runs, starting
 * with `"split"`. An inline block is worth at least 1 (its runs
 * cannot beat the least of them), so while splits measure under 1 the
 * calling thread is never tried; otherwise the slower mode is run for one
 * block, measured afresh, after `EXPLORE_FIRST` blocks, the gap doubling up to
 * `EXPLORE_MAX` while it stays the slower one.
 *
 * Why whole modes and not each launch on its own: what a split costs depends
 * on what the launches before it did. A Worker split to every few launches is
 * still polling or blocked in a wait and starts in microseconds; one left idle
 * by launches kept inline must be woken, which on a busy 2-core machine
 * waits for a core (0.3-2 ms). Estimating each launch's hand-off from the
 * splits it happened to meet kept the mlp-step on the calling thread on a quiet
 * machine, where splitting all its candidates was 25% faster. Measured per
 * mode, each gets the Worker state it creates.
 *
 * Not counted: a kernel's first run on the calling thread (it compiles the
 * kernel), its first split (its Workers compile it), and splits dispatched
 * before the Workers booted.
 *
 * @module
 */

import { addToBlock, type Block, blockValue, emptyBlock, Window } from "./_window.ts";

/** The former fixed threshold, in units of work: launches with this much work or more are candidates. */
export const SPLIT_FROM = 262144;
/** Runs behind a kernel's rate on the calling thread (their least). */
export const RATE_WINDOW = 9;
/** Rate before any measurement, µs per unit of work (about 1.5 ns): what starting the pool is weighed with. */
export const PRIOR_US_PER_UNIT = 0.0015;
/**
 * A measured block: at least `BLOCK_MIN` candidates that take `BLOCK_US` on
 * the calling thread, or `BLOCK_MAX` candidates (10 µs matmuls); a mode's
 * estimate is the median of its last `MODE_WINDOW` blocks.
 */
export const BLOCK_MIN = 8;
export const BLOCK_US = 4000;
export const BLOCK_MAX = 256;
/** A block ends early once its launches took this long (a split on a busy machine can take 10 times its inline time). */
export const BLOCK_CAP_US = 4 * BLOCK_US;
export const MODE_WINDOW = 3;
/** Blocks of the faster mode before the slower one is measured again: first, and at most. */
export const EXPLORE_FIRST = 4;
export const EXPLORE_MAX = 64;
/** Once a kernel's rate has its window, one inline candidate in this many is timed. */
export const TIME_EVERY = 4;

/** Where candidates run. */
export type Mode = "split" | "inline";

/** The mode that is not `m`. */
function other(m: Mode): Mode {
  return m === "split" ? "inline" : "split";
}

/** One kernel's rate on the calling thread (µs per unit of work), and its runs seen. */
interface KernelCosts {
  readonly rate: Window;
  /** Runs on the calling thread seen (the first compiles), split runs seen, inline candidates asked about. */
  runs: number;
  splits: number;
  asked: number;
}

/** Measured costs of one executor's candidates, and the mode they choose. */
export class LaunchCosts {
  #kernels = new WeakMap<object, KernelCosts>();
  #mode: Mode = "split";
  #blocks: Record<Mode, Block> = { split: emptyBlock(), inline: emptyBlock() };
  /** Each mode's blocks: time taken over time inline. */
  #ratio: Record<Mode, Window> = {
    split: new Window(MODE_WINDOW, false),
    inline: new Window(MODE_WINDOW, false),
  };
  /** Whether the current mode is being measured for one block against the faster. */
  #exploring = false;
  #sinceExplore = 0;
  #gap = EXPLORE_FIRST;

  /** Where candidates run now. */
  get mode(): Mode {
    return this.#mode;
  }

  /** Estimated µs of `work` units of a kernel on the calling thread. */
  estimateUs(kernel: object, work: number): number {
    return work * (this.#kernels.get(kernel)?.rate.value ?? PRIOR_US_PER_UNIT);
  }

  /** Whether a launch of `work` units over `parts` threads is a candidate (split in mode "split"). */
  candidate(work: number, parts: number): boolean {
    return work >= SPLIT_FROM && parts >= 2;
  }

  /** Whether to split a launch of `work` units over `parts` threads now. */
  wouldSplit(work: number, parts: number): boolean {
    return this.candidate(work, parts) && this.#mode === "split";
  }

  /**
   * Whether to time an inline candidate of a kernel: the first `RATE_WINDOW
   * + 1`, then one in `TIME_EVERY` (reading the clock costs about 1 µs in
   * Deno), and every one while mode "inline" is measured.
   */
  measured(kernel: object, work: number, parts: number): boolean {
    if (!this.candidate(work, parts)) return false;
    const k = this.#of(kernel);
    return ++k.asked <= RATE_WINDOW + 1 || this.#mode === "inline" || k.asked % TIME_EVERY === 0;
  }

  /** Records a candidate's whole run on the calling thread: `work` units in `ms`. */
  noteInline(kernel: object, work: number, ms: number): void {
    const k = this.#of(kernel);
    // A kernel's first run includes compiling it (tens of ms): its time is not a rate.
    if (work <= 0 || k.runs++ === 0) return;
    const us = ms * 1000;
    k.rate.add(us / work);
    this.#count("inline", us, work * k.rate.value!);
  }

  /**
   * Records a split run of `work` units: the caller's share (`ownWork` units
   * in `ownMs`) and the whole run, from hand-out to the last share done
   * (`totalMs`). `counted` false (a split dispatched before the Workers
   * booted) keeps the run out of the measured blocks.
   */
  noteSplit(
    kernel: object,
    work: number,
    ownWork: number,
    ownMs: number,
    totalMs: number,
    counted = true,
  ): void {
    const k = this.#of(kernel);
    if (ownWork > 0 && k.runs++ > 0) k.rate.add((ownMs * 1000) / ownWork);
    if (k.splits++ === 0 || !counted || work <= 0 || k.rate.value === undefined) return;
    this.#count("split", totalMs * 1000, work * k.rate.value);
  }

  /** Adds a run to its mode's block; a full block of the current mode may change the mode. */
  #count(mode: Mode, took: number, inline: number): void {
    const b = this.#blocks[mode];
    addToBlock(b, took, inline);
    const full = b.n >= BLOCK_MAX || (b.n >= BLOCK_MIN && b.inline >= BLOCK_US);
    if (!full && b.took < BLOCK_CAP_US) return;
    this.#ratio[mode].add(blockValue(b));
    this.#blocks[mode] = emptyBlock();
    if (mode === this.#mode) this.#next();
  }

  /** After a block of the current mode: the faster mode, or one block of the other. */
  #next(): void {
    // A block on the calling thread takes at least what its launches' least runs took (ratio 1):
    // before it is measured, mode "inline" is taken to be that fast; mode "split", untried, to be
    // faster still (the former fixed rule).
    const split = this.#ratio.split.value ?? 0, inline = this.#ratio.inline.value ?? 1;
    const best: Mode = split < inline ? "split" : "inline";
    const was = this.#exploring ? other(this.#mode) : this.#mode;
    if (best !== was) this.#gap = EXPLORE_FIRST;
    if (this.#exploring || best !== this.#mode) {
      this.#exploring = false;
      this.#sinceExplore = 0;
      this.#mode = best;
      return;
    }
    // Splits faster than the least runs on the calling thread leave that mode nothing to win.
    if (best === "split" && split < 1) return;
    if (++this.#sinceExplore < this.#gap) return;
    this.#gap = Math.min(2 * this.#gap, EXPLORE_MAX);
    this.#sinceExplore = 0;
    this.#exploring = true;
    this.#mode = other(best);
    // Measured afresh: the machine may have changed since it last ran.
    this.#ratio[this.#mode] = new Window(MODE_WINDOW, false);
    this.#blocks[this.#mode] = emptyBlock();
  }

  #of(kernel: object): KernelCosts {
    let k = this.#kernels.get(kernel);
    if (k === undefined) {
      this.#kernels.set(
        kernel,
        k = { rate: new Window(RATE_WINDOW, true), runs: 0, splits: 0, asked: 0 },
      );
    }
    return k;
  }
}
