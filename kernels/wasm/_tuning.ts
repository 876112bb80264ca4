/**
 * Tuning of the emitted kernels, measured on the 2-core benchmark machine
 * (see bench/latency.ts): how many v128 accumulators a pass keeps in
 * registers, and how far ahead the bag kernel touches rows to keep several in
 * flight. Benchmarks override them to measure what each trick buys.
 */

/** Knobs of the emitters. */
export interface KernelTuning {
  /** v128 accumulators per pass over a bag (more means fewer passes but spills). */
  readonly chunk: number;
  /** Rows of the next bag (or group) touched before reducing the current one (0: off). */
  readonly aheadRows: number;
  /** Cache lines touched per row. */
  readonly aheadLines: number;
  /** Positions per group of the lookup kernel (touch group g + 1, then copy group g). */
  readonly group: number;
}

/** The tuning in use. */
export const TUNING: KernelTuning = { chunk: 8, aheadRows: 64, aheadLines: 8, group: 16 };
