/**
 * `Word2Vec`: word vectors learned from the words around each word
 * (skip-gram or CBOW with negative sampling), with gensim 4's options,
 * defaults and algorithm, trained by an emitted Wasm SIMD kernel on the
 * Worker pool.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { KeyedVectors } from "./keyed_vectors.ts";
import { buildVocab, checkCorpus, type Corpus } from "./_vocab.ts";
import { defaultWorkers, trainVectors } from "./_w2v_run.ts";
import {
  type ResolvedWord2VecOptions,
  resolveOptions,
  type Word2VecOptions,
} from "./_w2v_options.ts";

export type { ResolvedWord2VecOptions, Word2VecOptions, Word2VecProgress } from "./_w2v_options.ts";
export type { Corpus } from "./_vocab.ts";

/** Passed by `train()` to the constructor, which nothing else may call. */
const MADE = Symbol("Word2Vec");

/**
 * A trained Word2Vec model: the vocabulary (most frequent word first), its
 * counts, the learned input vectors and the output (negative-sampling)
 * weights.
 *
 * With several Workers, rows are updated without locks as in word2vec.c and
 * gensim (Hogwild): runs are then not bit-reproducible. With `workers: 1`
 * and a seed they are.
 *
 * @example
 * ```ts
 * import { Word2Vec } from "@tessera/embed";
 * const sentences = [];
 * for (let i = 0; i < 200; i++) {
 *   sentences.push(["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "ran", "in", "the", "park"]);
 * }
 * const model = await Word2Vec.train(sentences, { vectorSize: 16, minCount: 1, seed: 3 });
 * console.log(model.words.length, model.vectors.shape); // 9 [9, 16]
 * ```
 */
export class Word2Vec {
  /** Index → word, most frequent first. */
  readonly words: readonly string[];
  /** Occurrences of each word in the corpus. */
  readonly counts: readonly number[];
  /** The learned word vectors, `[words.length, vectorSize]` (gensim's `wv.vectors`). */
  readonly vectors: Tensor<"float32">;
  /** The output weights of negative sampling (gensim's `syn1neg`). */
  readonly syn1neg: Tensor<"float32">;
  /** The options used, defaults filled in. */
  readonly options: ResolvedWord2VecOptions;
  readonly #index: ReadonlyMap<string, number>;
  #wv: KeyedVectors | undefined;

  private constructor(
    made: symbol,
    words: readonly string[],
    counts: readonly number[],
    index: ReadonlyMap<string, number>,
    tables: { vectors: Tensor<"float32">; syn1neg: Tensor<"float32"> },
    options: ResolvedWord2VecOptions,
  ) {
    // The constructor is private to TypeScript only: called from JavaScript, it says what to do.
    if (made !== MADE) {
      throw new TypeError("Word2Vec(): make a model with Word2Vec.train(sentences, options)");
    }
    this.words = words;
    this.counts = counts;
    this.#index = index;
    this.vectors = tables.vectors;
    this.syn1neg = tables.syn1neg;
    this.options = options;
  }

  /**
   * Builds the vocabulary from `sentences`, then trains for `epochs` passes.
   *
   * @param sentences Token arrays: an array, or any iterable or async
   *   iterable that starts over when iterated again (it is read once for the
   *   vocabulary and once per epoch, so a corpus larger than memory can
   *   stream from a file).
   * @param options gensim's options, camelCased (see {@linkcode Word2VecOptions}).
   * @returns The trained model.
   * @throws {TypeError} For a corpus that is not a restartable iterable of
   *   string arrays, or options of the wrong kind.
   * @throws {RangeError} For options out of range, or a corpus where no word
   *   reaches `minCount`.
   */
  static async train(sentences: Corpus, options: Word2VecOptions = {}): Promise<Word2Vec> {
    const who = "Word2Vec.train()";
    const o = resolveOptions(options, defaultWorkers(), who);
    checkCorpus(sentences, who);
    const vocab = await buildVocab(sentences, o, who);
    const tables = await trainVectors(sentences, vocab, o, who);
    return new Word2Vec(MADE, vocab.words, Array.from(vocab.counts), vocab.index, tables, o);
  }

  /**
   * The index of a word in the vocabulary.
   *
   * @returns The index, or `undefined` for a word not in the vocabulary.
   */
  indexOf(word: string): number | undefined {
    return this.#index.get(word);
  }

  /**
   * The learned vectors as a `KeyedVectors` (gensim's `model.wv`), sharing
   * `vectors`: for `mostSimilar` and the other queries, and for saving.
   */
  get wv(): KeyedVectors {
    this.#wv ??= new KeyedVectors(this.words, this.vectors);
    return this.#wv;
  }

  /** A short description, like gensim's `repr`. */
  toString(): string {
    const o = this.options;
    return `Word2Vec<vocab=${this.words.length}, vector_size=${o.vectorSize}, alpha=${o.alpha}, ${
      o.sg ? "sg" : "cbow"
    }>`;
  }
}
