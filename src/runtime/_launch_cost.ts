/**
 * Where a launch of the Worker executor runs, from measured costs (the
 * default, `inlineBelow: "auto"`). Splitting a launch over `parts` threads
 * saves `(1 - 1/parts)` of its time on the calling thread and costs a
 * hand-off: posting to a Worker, waking it (its thread may have to be
 * scheduled on a busy machine) and waking the caller again. So a launch is
 * split when
 *
 *     estimated µs on the calling thread × (1 − 1/parts) ≥ hand-off µs
 *
 * - The time on the calling thread is `work ×` a rate per kernel (µs per unit
 *   of work), the median of its last runs: whole runs on the calling thread,
 *   or the caller's share of a split run. Work units differ between kernels
 *   (matmul counts multiply-adds, elementwise kernels elements), the
 *   measured rates put them on one scale.
 * - The hand-off is the median of the last measured ones: a split run's
 *   time minus its caller's share (which the Worker's share matches). A Worker
 *   idle for about 50 ms leaves its blocking wait for its event loop and
 *   wakes more slowly, so hand-offs to a warm and to a cold Worker are
 *   estimated apart.
 * - Before any measurement: about 0.76 ns per unit and a 100 µs hand-off
 *   (300 µs to a cold Worker), which split launches from 262144 units on two
 *   threads (the former fixed threshold).
 * - When launches that could gain from a split run inline because hand-offs
 *   were measured slow (a busy machine), every `PROBE_EVERY`-th of them and
 *   the next few are split anyway, so the estimate follows the machine when
 *   it quietens.
 *
 * @module
 */

import { CONTROL } from "./_worker_main.ts";

/** Samples behind an estimate (it is their median). */
const WINDOW = 9;
/** Launches with less work than this run inline unmeasured (under ~40 µs at any rate seen). */
export const MEASURE_FROM = 8192;
/** Prior hand-off to a warm Worker, and to a cold one, µs. */
export const PRIOR_HANDOFF_US = 100;
export const PRIOR_COLD_HANDOFF_US = 300;
/** The former fixed threshold, in units of work, which the priors reproduce on two threads. */
export const FORMER_INLINE_BELOW = 262144;
/** Prior rate, µs per unit of work (about 0.76 ns): `FORMER_INLINE_BELOW` units split on two threads. */
export const PRIOR_US_PER_UNIT = (2 * PRIOR_HANDOFF_US) / FORMER_INLINE_BELOW;
/** A Worker idle this long (ms) may have left its blocking wait (for its event loop). */
export const WARM_MS = CONTROL.IDLE_WAITS - 2;
/** Launches whose split could save this much (µs) at a zero hand-off are probe candidates. */
const MIN_GAIN_US = 10;
/** Every this many candidates run inline, a burst of `BURST` is split. */
export const PROBE_EVERY = 64;
export const BURST = 4;

/** The median of the last `WINDOW` samples, `prior` before the first. */
class RunningMedian {
  #samples: number[] = [];
  #next = 0;
  value: number;

  constructor(prior: number) {
    this.value = prior;
  }

  add(x: number): void {
    if (!Number.isFinite(x)) return;
    this.#samples[this.#next] = x;
    this.#next = (this.#next + 1) % WINDOW;
    const s = this.#samples.slice().sort((a, b) => a - b);
    this.value = s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}

/** Measured costs of one executor's launches, and the split decision they drive. */
export class LaunchCosts {
  readonly #now: () => number;
  /** µs per unit of work, by kernel (its spec object, stable across runs of a plan). */
  #rates = new WeakMap<object, RunningMedian>();
  #warm = new RunningMedian(PRIOR_HANDOFF_US);
  #cold = new RunningMedian(PRIOR_COLD_HANDOFF_US);
  /** When the last split run ended (ms), -Infinity before the first. */
  #lastSplit = -Infinity;
  #candidates = 0;
  #burst = 0;

  /** @param now Clock in ms (tests pass a fake one). */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Estimated µs of `work` units of a kernel on the calling thread. */
  estimateUs(kernel: object, work: number): number {
    return work * (this.#rates.get(kernel)?.value ?? PRIOR_US_PER_UNIT);
  }

  /** The hand-off (µs) a split started now would pay. */
  handoffUs(): number {
    return this.#now() - this.#lastSplit < WARM_MS ? this.#warm.value : this.#cold.value;
  }

  /** Whether the estimates say to split a launch over `parts` threads (no side effects). */
  wouldSplit(kernel: object, work: number, parts: number): boolean {
    if (work < MEASURE_FROM || parts < 2) return false;
    return this.estimateUs(kernel, work) * (1 - 1 / parts) >= this.handoffUs();
  }

  /** `wouldSplit`, plus the probes that keep the hand-off estimate current. */
  place(kernel: object, work: number, parts: number): boolean {
    if (this.wouldSplit(kernel, work, parts)) return true;
    if (work < MEASURE_FROM || parts < 2) return false;
    if (this.estimateUs(kernel, work) * (1 - 1 / parts) < MIN_GAIN_US) return false;
    if (this.#burst > 0) {
      this.#burst--;
      return true;
    }
    if (++this.#candidates >= PROBE_EVERY) {
      this.#candidates = 0;
      this.#burst = BURST - 1;
      return true;
    }
    return false;
  }

  /** Whether a launch of `work` units is worth timing (inline runs below it are not). */
  measured(work: number): boolean {
    return work >= MEASURE_FROM;
  }

  /** Records a whole run on the calling thread: `work` units in `ms`. */
  noteInline(kernel: object, work: number, ms: number): void {
    if (work > 0) this.#rate(kernel).add((ms * 1000) / work);
  }

  /**
   * Records a split run: the caller's share (`ownWork` units in `ownMs`) and
   * the whole run, from hand-out to the last share done (`totalMs`).
   */
  noteSplit(kernel: object, ownWork: number, ownMs: number, totalMs: number): void {
    const end = this.#now();
    const warm = end - totalMs - this.#lastSplit < WARM_MS;
    this.#lastSplit = end;
    if (ownWork > 0) this.#rate(kernel).add((ownMs * 1000) / ownWork);
    (warm ? this.#warm : this.#cold).add(Math.max(0, totalMs - ownMs) * 1000);
  }

  #rate(kernel: object): RunningMedian {
    let r = this.#rates.get(kernel);
    if (r === undefined) this.#rates.set(kernel, r = new RunningMedian(PRIOR_US_PER_UNIT));
    return r;
  }
}
