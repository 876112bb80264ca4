/**
 * Options of `Word2Vec.train`, gensim 4's names camelCased, with their
 * defaults and range checks.
 *
 * @module
 */

import { describe } from "../tensor/_nested.ts";
import { readOptions } from "../ops/_options.ts";

/** Progress of a Word2Vec run, reported after every chunk of the corpus. */
export interface Word2VecProgress {
  /** Current epoch, from 0. */
  readonly epoch: number;
  /** Number of epochs. */
  readonly epochs: number;
  /** Fraction of the whole run done, in `[0, 1]`. */
  readonly progress: number;
  /** Corpus tokens processed so far (all epochs). */
  readonly words: number;
  /** Corpus tokens per second since the start of training. */
  readonly wordsPerSecond: number;
  /** The learning rate reached. */
  readonly alpha: number;
}

/** Options of `Word2Vec.train` (gensim's, camelCased). */
export interface Word2VecOptions {
  /** Dimensionality of the vectors. @default 100 */
  vectorSize?: number;
  /** Largest distance between the current and a context word (shrunk at random per position). @default 5 */
  window?: number;
  /** Words occurring fewer times are ignored. @default 5 */
  minCount?: number;
  /** Downsampling threshold for frequent words (0 disables it). @default 1e-3 */
  sample?: number;
  /** Skip-gram (`true`) or CBOW (`false`, gensim's default). @default false */
  sg?: boolean;
  /** Negative words drawn per positive pair. @default 5 */
  negative?: number;
  /** Exponent of the unigram distribution negatives are drawn from. @default 0.75 */
  nsExponent?: number;
  /** CBOW: average the context vectors (`true`) or sum them. @default true */
  cbowMean?: boolean;
  /** Initial learning rate. @default 0.025 */
  alpha?: number;
  /** Final learning rate (reached linearly over all epochs). @default 0.0001 */
  minAlpha?: number;
  /** Passes over the corpus. @default 5 */
  epochs?: number;
  /** Shrink the window at random per position, as word2vec.c does. @default true */
  shrinkWindows?: boolean;
  /** Seed of initial vectors, downsampling, windows and negatives. @default 1 */
  seed?: number;
  /** Parallel tasks (Hogwild): defaults to the Worker pool's size, 1 without Workers. */
  workers?: number;
  /** Called after every chunk of the corpus. @default undefined */
  onProgress?: (progress: Word2VecProgress) => void;
}

/** Options with every default filled in. */
export type ResolvedWord2VecOptions = Readonly<Required<Omit<Word2VecOptions, "onProgress">>> & {
  readonly onProgress: ((progress: Word2VecProgress) => void) | undefined;
};

const DEFAULTS = {
  vectorSize: 100,
  window: 5,
  minCount: 5,
  sample: 1e-3,
  sg: false,
  negative: 5,
  nsExponent: 0.75,
  cbowMean: true,
  alpha: 0.025,
  minAlpha: 0.0001,
  epochs: 5,
  shrinkWindows: true,
  seed: 1,
} as const;

/** Integer options and their inclusive ranges. */
const INTEGERS: Record<string, readonly [number, number]> = {
  vectorSize: [1, 65536],
  window: [1, 10000],
  minCount: [1, 2 ** 31 - 1],
  negative: [1, 1000],
  epochs: [1, 1000000],
  workers: [1, 64],
  seed: [-(2 ** 53), 2 ** 53],
};

/**
 * Validates options and fills in defaults.
 *
 * @throws {TypeError} For an unknown option or a value of the wrong kind.
 * @throws {RangeError} For a value out of range.
 */
export function resolveOptions(
  options: unknown,
  workers: number,
  who: string,
): ResolvedWord2VecOptions {
  const o = readOptions(options, who);
  const known = [...Object.keys(DEFAULTS), "workers", "onProgress"];
  for (const key of Object.keys(o)) {
    if (known.includes(key)) continue;
    const flat = (s: string) => s.replace(/_/g, "").toLowerCase();
    const hit = known.find((k) =>
      flat(k) === flat(key) || (key === "vector_size" && k === "vectorSize")
    );
    throw new TypeError(
      `${who}: unknown option ${key}${
        hit ? ` (did you mean ${hit}?)` : ` (known options: ${known.join(", ")})`
      }`,
    );
  }
  const out: Record<string, unknown> = { ...DEFAULTS, workers };
  for (const [key, value] of Object.entries(o)) if (value !== undefined) out[key] = value;
  for (const [key, [min, max]] of Object.entries(INTEGERS)) {
    const v = out[key];
    if (typeof v !== "number" || !Number.isInteger(v)) {
      throw new TypeError(`${who}: ${key} is ${describe(v)} but must be an integer`);
    }
    if (v < min || v > max) {
      throw new RangeError(`${who}: ${key} is ${v} but must be from ${min} to ${max}`);
    }
  }
  for (const key of ["sample", "nsExponent", "alpha", "minAlpha"]) {
    const v = out[key];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new TypeError(`${who}: ${key} is ${describe(v)} but must be a finite number`);
    }
  }
  for (const key of ["sg", "cbowMean", "shrinkWindows"]) {
    if (typeof out[key] !== "boolean") {
      throw new TypeError(`${who}: ${key} is ${describe(out[key])} but must be a boolean`);
    }
  }
  if (out.onProgress !== undefined && typeof out.onProgress !== "function") {
    throw new TypeError(`${who}: onProgress is ${describe(out.onProgress)} but must be a function`);
  }
  const { sample, alpha, minAlpha } = out as { sample: number; alpha: number; minAlpha: number };
  if (sample < 0) throw new RangeError(`${who}: sample is ${sample} but must be at least 0`);
  if (!(alpha > 0)) throw new RangeError(`${who}: alpha is ${alpha} but must be greater than 0`);
  if (minAlpha < 0 || minAlpha > alpha) {
    throw new RangeError(
      `${who}: minAlpha is ${minAlpha} but must lie in [0, alpha] (alpha is ${alpha})`,
    );
  }
  return out as unknown as ResolvedWord2VecOptions;
}
