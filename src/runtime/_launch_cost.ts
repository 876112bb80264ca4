/**
 * Where a launch of the Worker executor runs, from measured costs (the
 * default, `inlineBelow: "auto"`). Splitting a launch over `parts` threads
 * saves `(1 - 1/parts)` of its time on the calling thread and costs a
 * hand-off: posting to a Worker, waking it (its thread may have to be
 * scheduled on a busy machine) and waking the caller again. So a launch is
 * split when
 *
 *     estimated µs on the calling thread × (1 − 1/parts) ≥ SPLIT_MARGIN × hand-off µs
 *
 * The margin (2) covers what the measured hand-off leaves out: the
 * asynchronous continuation of a split run, the Worker's cold caches for the
 * data the caller touched last, and kernels whose shares do not scale with
 * their units (owner-computes kernels scan every position in each share).
 * Measured on the 2-core machine, a rule without it split S4's row updates
 * and the mlp-step's matmuls, and both steps ran slower than on the calling
 * thread alone (S4 epochs 105-115 against 92-96 ms, in alternating runs).
 *
 * - The time on the calling thread is `work ×` a rate per kernel (µs per unit
 *   of work), the least of its last runs (the first, which compiles the
 *   kernel, not counted): whole runs on the calling thread, or the caller's
 *   share of a split run. Page faults on fresh arena memory, collector
 *   pauses and a descheduled thread only ever add time (the first runs of a
 *   training loop, while the arena grows, took 30 times their steady time),
 *   so the least run is the kernel's own speed. Work units differ between
 *   kernels (matmul counts multiply-adds, elementwise kernels elements), the
 *   measured rates put them on one scale.
 * - The hand-off is, per kernel, the median of its last measured ones: what
 *   a split run took beyond an even split of the kernel's time on the calling
 *   thread. It holds the wake-ups and whatever makes a share finish later (a
 *   descheduled thread, shared memory bandwidth, page faults, a share that
 *   scans every position), which differ between kernels. A
 *   kernel not split yet is estimated with the median of every kernel's
 *   last hand-offs. A Worker idle for about 50 ms leaves its blocking wait
 *   for its event loop and wakes more slowly: such cold hand-offs are
 *   estimated apart, and bound a split's hand-off from below.
 * - Before any measurement: about 1.5 ns per unit and a 100 µs hand-off
 *   (300 µs to a cold Worker), which split launches from 262144 units on two
 *   threads (the former fixed threshold).
 * - When launches of a kernel that could gain from a split run inline because
 *   its hand-offs were measured slow (a busy machine), every `PROBE_EVERY`-th
 *   of them is split anyway, so the estimate follows the machine when it
 *   quietens.
 *
 * @module
 */

import { CONTROL } from "./_worker_main.ts";

/** Samples behind an estimate (their median, or their least for rates). */
const WINDOW = 9;
/** Launches with less work than this run inline unmeasured (under ~40 µs at any rate seen). */
export const MEASURE_FROM = 8192;
/** Prior hand-off to a warm Worker, and to a cold one, µs. */
export const PRIOR_HANDOFF_US = 100;
export const PRIOR_COLD_HANDOFF_US = 300;
/** The former fixed threshold, in units of work, which the priors reproduce on two threads. */
export const FORMER_INLINE_BELOW = 262144;
/** How many times its hand-off a split must save (see above). */
export const SPLIT_MARGIN = 2;
/** Prior rate, µs per unit of work (about 1.5 ns): `FORMER_INLINE_BELOW` units split on two threads. */
export const PRIOR_US_PER_UNIT = (2 * SPLIT_MARGIN * PRIOR_HANDOFF_US) / FORMER_INLINE_BELOW;
/** A Worker idle this long (ms) may have left its blocking wait (for its event loop). */
export const WARM_MS = CONTROL.IDLE_WAITS - 2;
/** Launches whose split could save this much (µs) at a zero hand-off are probe candidates. */
const MIN_GAIN_US = 10;
/** Every this many candidates of a kernel run inline, one is split. */
export const PROBE_EVERY = 16;
/** Once a kernel's estimate has its window, one inline launch in this many is timed. */
export const TIME_EVERY = 4;

/** The median (or the least) of the last `WINDOW` samples, `prior` before the first. */
class RunningEstimate {
  #samples: number[] = [];
  #next = 0;
  #skip: number;
  readonly #least: boolean;
  value: number;

  /**
   * @param skip Leading samples to ignore.
   * @param least Track the least sample instead of the median.
   */
  constructor(prior: number, skip = 0, least = false) {
    this.value = prior;
    this.#skip = skip;
    this.#least = least;
  }

  add(x: number): void {
    if (!Number.isFinite(x)) return;
    if (this.#skip > 0) {
      this.#skip--;
      return;
    }
    this.#samples[this.#next] = x;
    this.#next = (this.#next + 1) % WINDOW;
    const s = this.#samples.slice().sort((a, b) => a - b);
    this.value = this.#least
      ? s[0]
      : s.length % 2
      ? s[s.length >> 1]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}

/** What one kernel's launches were measured to cost. */
interface KernelCosts {
  /** µs per unit of work on one thread. */
  readonly rate: RunningEstimate;
  /** Warm hand-offs of its split runs (µs), once there are any. */
  handoff?: RunningEstimate;
  /** Candidates run inline since its last split. */
  skipped: number;
  /** Inline launches asked about (see `measured`). */
  launches: number;
}

/** Measured costs of one executor's launches, and the split decision they drive. */
export class LaunchCosts {
  readonly #now: () => number;
  /** By kernel (its spec object, stable across runs of a plan). */
  #kernels = new WeakMap<object, KernelCosts>();
  /** Warm hand-offs of every kernel: the estimate for a kernel not split yet. */
  #warm = new RunningEstimate(PRIOR_HANDOFF_US);
  #cold = new RunningEstimate(PRIOR_COLD_HANDOFF_US);
  /** When the last split run ended (ms), -Infinity before the first. */
  #lastSplit = -Infinity;

  /** @param now Clock in ms (tests pass a fake one). */
  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Estimated µs of `work` units of a kernel on the calling thread. */
  estimateUs(kernel: object, work: number): number {
    return work * (this.#kernels.get(kernel)?.rate.value ?? PRIOR_US_PER_UNIT);
  }

  /** The hand-off (µs) a split of a kernel started now would pay. */
  handoffUs(kernel: object): number {
    const warm = this.#kernels.get(kernel)?.handoff?.value ?? this.#warm.value;
    return this.#now() - this.#lastSplit < WARM_MS ? warm : Math.max(warm, this.#cold.value);
  }

  /** Whether the estimates say to split a launch over `parts` threads (no side effects). */
  wouldSplit(kernel: object, work: number, parts: number): boolean {
    if (work < MEASURE_FROM || parts < 2) return false;
    return this.estimateUs(kernel, work) * (1 - 1 / parts) >= SPLIT_MARGIN * this.handoffUs(kernel);
  }

  /**
   * `wouldSplit`, plus a probe every `PROBE_EVERY` candidates of a kernel run
   * inline when `mayProbe` (the executor passes whether its Workers have booted:
   * a probe must not be what starts them, which blocks the caller for 0.1 s or more).
   */
  place(kernel: object, work: number, parts: number, mayProbe = true): boolean {
    if (this.wouldSplit(kernel, work, parts)) return true;
    if (!mayProbe || work < MEASURE_FROM || parts < 2) return false;
    if (this.estimateUs(kernel, work) * (1 - 1 / parts) < MIN_GAIN_US) return false;
    const k = this.#of(kernel);
    if (++k.skipped < PROBE_EVERY) return false;
    k.skipped = 0;
    return true;
  }

  /**
   * Whether to time an inline launch of `work` units of a kernel: none under
   * `MEASURE_FROM`; of the others, the first `WINDOW + 1` of a kernel, then
   * one in `TIME_EVERY` (reading the clock costs about 1 µs in Deno, which
   * was 2.7% of S4's step when every launch was timed).
   */
  measured(kernel: object, work: number): boolean {
    if (work < MEASURE_FROM) return false;
    const k = this.#of(kernel);
    return ++k.launches <= WINDOW + 1 || k.launches % TIME_EVERY === 0;
  }

  /** Records a whole run on the calling thread: `work` units in `ms`. */
  noteInline(kernel: object, work: number, ms: number): void {
    if (work > 0) this.#of(kernel).rate.add((ms * 1000) / work);
  }

  /**
   * Records a split run: the caller's share (`ownWork` units in `ownMs`) and
   * the whole run, from hand-out to the last share done (`totalMs`). Given the
   * launch's `work` and `parts`, the hand-off is what the run took beyond an
   * even split of the kernel's time on the calling thread (`rate × work /
   * parts`), so it also holds a caller's share slowed by the split (memory
   * bandwidth the threads share, a share that scans every position); without
   * them, what it took beyond the caller's share.
   */
  noteSplit(
    kernel: object,
    ownWork: number,
    ownMs: number,
    totalMs: number,
    work?: number,
    parts?: number,
  ): void {
    const end = this.#now();
    const warm = end - totalMs - this.#lastSplit < WARM_MS;
    this.#lastSplit = end;
    const k = this.#of(kernel);
    k.skipped = 0;
    if (ownWork > 0) k.rate.add((ownMs * 1000) / ownWork);
    const evenMs = work !== undefined && parts !== undefined && parts > 0
      ? (k.rate.value * work) / parts / 1000
      : ownMs;
    const handoff = Math.max(0, totalMs - evenMs) * 1000;
    if (warm) {
      this.#warm.add(handoff);
      (k.handoff ??= new RunningEstimate(handoff)).add(handoff);
    } else this.#cold.add(handoff);
  }

  #of(kernel: object): KernelCosts {
    let k = this.#kernels.get(kernel);
    if (k === undefined) {
      // A kernel's first run includes compiling it (tens of ms): its time is not a rate.
      const rate = new RunningEstimate(PRIOR_US_PER_UNIT, 1, true);
      this.#kernels.set(kernel, k = { rate, skipped: 0, launches: 0 });
    }
    return k;
  }
}
