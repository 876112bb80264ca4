/**
 * Word2Vec's vocabulary, as gensim 4 prepares it: counts over the corpus,
 * words below `minCount` dropped, the rest sorted by count (descending; ties
 * keep their first appearance, where gensim's unstable sort leaves them in no
 * fixed order), the frequent-word downsampling thresholds and the cumulative
 * unigram^nsExponent table negatives are drawn from.
 *
 * @module
 */

import { describe } from "../tensor/_nested.ts";

/** A corpus: sentences of tokens, iterated once for the vocabulary and once per epoch. */
export type Corpus = Iterable<readonly string[]> | AsyncIterable<readonly string[]>;

/** The vocabulary and the tables derived from it. */
export interface Vocab {
  /** Index → word, most frequent first. */
  readonly words: readonly string[];
  /** Word → index. */
  readonly index: ReadonlyMap<string, number>;
  /** Occurrences of each word in the corpus. */
  readonly counts: Float64Array;
  /** Keep a word when its threshold is at least a uniform 32-bit draw (gensim's `sample_int`). */
  readonly sampleInts: Uint32Array;
  /** Cumulative unigram^nsExponent table over `[0, 2^31 - 1]`. */
  readonly cum: Int32Array;
  /** Tokens in one pass over the corpus (all of them, kept or not). */
  readonly rawWords: number;
  /** Sentences in one pass. */
  readonly sentences: number;
}

/**
 * Iterates the sentences of a corpus, checking that each is an array of
 * strings; single-use iterators are refused up front (training needs one
 * pass per epoch).
 *
 * @throws {TypeError} For a corpus that is not a restartable iterable, or a sentence that is not an array of strings.
 */
export async function* sentencesOf(corpus: Corpus, who: string): AsyncGenerator<readonly string[]> {
  let n = 0;
  for await (const sentence of corpus as AsyncIterable<unknown>) {
    if (!Array.isArray(sentence)) {
      throw new TypeError(
        `${who}: sentence ${n} is ${describe(sentence)} but must be an array of strings`,
      );
    }
    for (let k = 0; k < sentence.length; k++) {
      if (typeof sentence[k] !== "string") {
        throw new TypeError(
          `${who}: sentence ${n} token ${k} is ${describe(sentence[k])} but must be a string`,
        );
      }
    }
    n++;
    yield sentence as readonly string[];
  }
}

/**
 * Checks that a corpus can be iterated more than once.
 *
 * @throws {TypeError} When it is not an iterable, or is a one-shot iterator (a generator object).
 */
export function checkCorpus(corpus: unknown, who: string): asserts corpus is Corpus {
  const c = corpus as Record<symbol, unknown> | null | undefined;
  const sync = typeof c?.[Symbol.iterator] === "function";
  const async = typeof c?.[Symbol.asyncIterator] === "function";
  if (c === null || c === undefined || typeof corpus === "string" || (!sync && !async)) {
    throw new TypeError(
      `${who}: sentences is ${describe(corpus)} but must be an iterable of token arrays`,
    );
  }
  if (typeof (c as { next?: unknown }).next === "function") {
    throw new TypeError(
      `${who}: sentences is a one-shot iterator (e.g. a generator object), but training reads the ` +
        `corpus once per epoch: pass an array, or an object whose [Symbol.iterator]() starts over`,
    );
  }
}

/** Builds the vocabulary from one pass over the corpus. */
export async function buildVocab(
  corpus: Corpus,
  { minCount, sample, nsExponent }: { minCount: number; sample: number; nsExponent: number },
  who: string,
): Promise<Vocab> {
  const raw = new Map<string, number>();
  let rawWords = 0, sentences = 0;
  for await (const sentence of sentencesOf(corpus, who)) {
    sentences++;
    rawWords += sentence.length;
    for (const w of sentence) raw.set(w, (raw.get(w) ?? 0) + 1);
  }
  const kept = [...raw].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1]);
  if (kept.length === 0) {
    throw new RangeError(
      `${who}: no word occurs at least minCount (${minCount}) times in ${rawWords} tokens`,
    );
  }
  const words = kept.map(([w]) => w);
  const counts = Float64Array.from(kept, ([, c]) => c);
  const retained = counts.reduce((s, c) => s + c, 0);
  const threshold = sample === 0
    ? retained
    : sample < 1
    ? sample * retained
    : Math.trunc((sample * (3 + Math.sqrt(5))) / 2);
  const sampleInts = Uint32Array.from(counts, (v) => {
    const p = Math.min(1, (Math.sqrt(v / threshold) + 1) * (threshold / v));
    return Math.trunc(p * 4294967295);
  });
  let total = 0;
  for (const c of counts) total += c ** nsExponent;
  let acc = 0;
  const cum = Int32Array.from(
    counts,
    (c) => Math.round(((acc += c ** nsExponent) / total) * 2147483647),
  );
  return {
    words,
    index: new Map(words.map((w, i) => [w, i])),
    counts,
    sampleInts,
    cum,
    rawWords,
    sentences,
  };
}
