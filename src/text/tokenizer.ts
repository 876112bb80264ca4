/**
 * `Tokenizer`: Keras' text tokenizer (keras_preprocessing 1.1).
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import {
  checkCount,
  checkSequences,
  checkTexts,
  DEFAULT_FILTERS,
  parseTextOptions,
  type TextOrTokens,
} from "./_options.ts";
import {
  emptyState,
  fitSequences,
  fitTokens,
  sequencesToWords,
  tokenize,
  type TokenizerState,
  tokensToSequences,
} from "./_tokenizer_state.ts";
import { sequencesMatrix } from "./_tokenizer_matrix.ts";
import { parseTokenizerJSON, renamingErrors, tokenizerToJSON } from "./_tokenizer_json.ts";

import {
  type MatrixOptions,
  matrixSchema,
  optionsSchema,
  type TokenizerOptions,
} from "./_tokenizer_options.ts";

export type { MatrixMode } from "./_tokenizer_matrix.ts";
export type { MatrixOptions, TokenizerOptions } from "./_tokenizer_options.ts";
export type { TextOrTokens } from "./_options.ts";

/**
 * Keras' `Tokenizer`: builds a word index from texts (most frequent word
 * first, index 0 reserved for padding, the OOV token at 1) and turns texts
 * into index sequences or matrices. Results equal keras_preprocessing 1.1's,
 * Unicode included (Python's lowercasing; `charLevel` splits by code point,
 * so Chinese and emoji are one token per character). The dictionaries are
 * `Map`s in Keras' order, except that `wordDocs` and `indexDocs` list words in
 * first-seen order where Keras' order depends on Python's set hashing.
 *
 * @example
 * ```ts
 * import { Tokenizer } from "@tessera/embed";
 * const tokenizer = new Tokenizer();
 * tokenizer.fitOnTexts(["Well done!", "Good work", "Great effort", "nice work"]);
 * console.log(tokenizer.wordIndex.get("work")); // 1
 * console.log(tokenizer.textsToSequences(["Good effort, well done"])); // [[4, 6, 2, 3]]
 * ```
 */
export class Tokenizer {
  /** Indices at or above it are dropped (or made OOV) by `textsToSequences`; `null`: no limit. */
  readonly numWords: number | null;
  /** Characters removed from texts. */
  readonly filters: string;
  /** Whether texts are lowercased. */
  readonly lower: boolean;
  /** The word separator. */
  readonly split: string;
  /** Whether every character is a token. */
  readonly charLevel: boolean;
  /** The token of unknown words, or `null`. */
  readonly oovToken: string | null;
  #state: TokenizerState;

  /**
   * A tokenizer with an empty vocabulary.
   *
   * @param options `numWords`, `filters`, `lower`, `split`, `charLevel`, `oovToken`, `documentCount`.
   * @throws {TypeError} For an unknown or ill-typed option, or an empty `split` without `charLevel`.
   * @throws {RangeError} For a negative `numWords` or `documentCount`.
   */
  constructor(options: TokenizerOptions = {}) {
    const who = "Tokenizer()";
    const o = parseTextOptions(optionsSchema, options, who);
    checkCount(o.numWords, "numWords", who);
    checkCount(o.documentCount, "documentCount", who);
    if (o.split === "" && !o.charLevel) {
      throw new TypeError(`${who}: split is "" but must be a non-empty string`);
    }
    this.numWords = o.numWords ?? null;
    this.filters = o.filters ?? DEFAULT_FILTERS;
    this.lower = o.lower ?? true;
    this.split = o.split ?? " ";
    this.charLevel = o.charLevel ?? false;
    this.oovToken = o.oovToken ?? null;
    this.#state = emptyState(o.documentCount ?? 0);
  }

  /** Number of texts (and sequences) fitted. */
  get documentCount(): number {
    return this.#state.documentCount;
  }

  /** Each word's count over the fitted texts, in first-seen order. */
  get wordCounts(): ReadonlyMap<string, number> {
    return this.#state.wordCounts;
  }

  /** The number of fitted texts each word occurs in. */
  get wordDocs(): ReadonlyMap<string, number> {
    return this.#state.wordDocs;
  }

  /** The number of fitted texts (or sequences) each index occurs in. */
  get indexDocs(): ReadonlyMap<number, number> {
    return this.#state.indexDocs;
  }

  /** Word to index, most frequent first (ties in first-seen order), from 1. */
  get wordIndex(): ReadonlyMap<string, number> {
    return this.#state.wordIndex;
  }

  /** Index to word. */
  get indexWord(): ReadonlyMap<number, string> {
    return this.#state.indexWord;
  }

  /**
   * Adds texts to the vocabulary and recomputes the word index. A text is a
   * string, or an array of tokens (lowercased if `lower`, not filtered).
   *
   * @param texts The texts.
   * @throws {TypeError} If `texts` is not an array of strings or token arrays (the tokenizer is then unchanged).
   */
  fitOnTexts(texts: readonly TextOrTokens[]): void {
    checkTexts(texts, "Tokenizer.fitOnTexts()");
    fitTokens(this.#state, this, tokenize(texts, this));
  }

  /**
   * Counts, for `tfidf`, the sequences each index occurs in (Keras'
   * `fit_on_sequences`); the word index is not touched.
   *
   * @param sequences Arrays of integer indices.
   * @throws {TypeError} If a sequence holds a non-integer (the tokenizer is then unchanged).
   */
  fitOnSequences(sequences: readonly (readonly number[])[]): void {
    checkSequences(sequences, "Tokenizer.fitOnSequences()");
    fitSequences(this.#state, sequences);
  }

  /**
   * Each text as a list of word indices: unknown words dropped (or the OOV
   * index), indices at or above `numWords` dropped (or the OOV index).
   *
   * @example
   * ```ts
   * import { Tokenizer } from "@tessera/embed";
   * const tokenizer = new Tokenizer({ oovToken: "?" });
   * tokenizer.fitOnTexts(["the cat sat on the mat"]);
   * console.log(tokenizer.textsToSequences(["The dog sat"])); // [[2, 1, 4]]
   * ```
   *
   * @param texts Strings or token arrays.
   * @returns One index array per text.
   * @throws {TypeError} If `texts` is not an array of strings or token arrays.
   * @throws {RangeError} If an unknown word meets an `oovToken` without an index (an unfitted tokenizer).
   */
  textsToSequences(texts: readonly TextOrTokens[]): number[][] {
    const who = "Tokenizer.textsToSequences()";
    checkTexts(texts, who);
    return tokensToSequences(this.#state, this, tokenize(texts, this), who);
  }

  /**
   * Each sequence back to text: its words joined by single spaces (unknown
   * indices dropped, or the OOV token).
   *
   * @example
   * ```ts
   * import { Tokenizer } from "@tessera/embed";
   * const tokenizer = new Tokenizer();
   * tokenizer.fitOnTexts(["the cat sat on the mat"]);
   * console.log(tokenizer.sequencesToTexts([[2, 1, 5, 9]])); // ["cat the mat"]
   * ```
   *
   * @param sequences Arrays of integer indices.
   * @returns One string per sequence.
   * @throws {TypeError} If a sequence holds a non-integer.
   * @throws {RangeError} If the OOV word is needed but has no index (an unfitted tokenizer).
   */
  sequencesToTexts(sequences: readonly (readonly number[])[]): string[] {
    const who = "Tokenizer.sequencesToTexts()";
    checkSequences(sequences, who);
    return sequencesToWords(this.#state, this, sequences, who);
  }

  /**
   * `textsToSequences`, then `sequencesToMatrix`.
   *
   * @example
   * ```ts
   * import { Tokenizer } from "@tessera/embed";
   * const tokenizer = new Tokenizer();
   * tokenizer.fitOnTexts(["good work", "poor work"]);
   * console.log(await tokenizer.textsToMatrix(["work work good"], { mode: "freq" }).toArray());
   * // [[0, 0.6666666865348816, 0.3333333432674408, 0]]
   * ```
   *
   * @param texts Strings or token arrays.
   * @param options The `mode`.
   * @returns A float32 tensor `[texts.length, numWords]`.
   * @throws {TypeError} For bad texts or an unknown mode.
   * @throws {RangeError} Without `numWords` and a vocabulary, or for `tfidf` before any fit.
   */
  textsToMatrix(texts: readonly TextOrTokens[], options: MatrixOptions = {}): Tensor<"float32"> {
    const who = "Tokenizer.textsToMatrix()";
    checkTexts(texts, who);
    const { mode } = parseTextOptions(matrixSchema, options, who);
    const sequences = tokensToSequences(this.#state, this, tokenize(texts, this), who);
    return sequencesMatrix(this.#state, this, sequences, mode ?? "binary", who);
  }

  /**
   * A `[sequences.length, numWords]` matrix, Keras' `sequences_to_matrix`
   * (`numWords` defaults to `wordIndex.size + 1`; larger indices are skipped).
   * Computed in float64 as Keras does, stored as float32.
   *
   * @example
   * ```ts
   * import { Tokenizer } from "@tessera/embed";
   * const tokenizer = new Tokenizer({ numWords: 4 });
   * console.log(await tokenizer.sequencesToMatrix([[1, 1, 3, 7]], { mode: "count" }).toArray());
   * // [[0, 2, 0, 1]]
   * ```
   *
   * @param sequences Arrays of non-negative integer indices.
   * @param options The `mode`.
   * @returns A float32 tensor.
   * @throws {TypeError} For non-integer indices or an unknown mode.
   * @throws {RangeError} For negative indices, without `numWords` and a vocabulary, or for `tfidf` before any fit.
   */
  sequencesToMatrix(
    sequences: readonly (readonly number[])[],
    options: MatrixOptions = {},
  ): Tensor<"float32"> {
    const who = "Tokenizer.sequencesToMatrix()";
    checkSequences(sequences, who, true);
    const { mode } = parseTextOptions(matrixSchema, options, who);
    return sequencesMatrix(this.#state, this, sequences, mode ?? "binary", who);
  }

  /**
   * The tokenizer as Keras' `to_json()` writes it (byte for byte, up to the
   * order of `word_docs` and `index_docs`), readable by Keras'
   * `tokenizer_from_json` and by `Tokenizer.fromJSON`.
   *
   * @example
   * ```ts
   * import { Tokenizer } from "@tessera/embed";
   * const tokenizer = new Tokenizer({ oovToken: "<OOV>" });
   * tokenizer.fitOnTexts(["Ça va"]);
   * const copy = Tokenizer.fromJSON(tokenizer.toJSON());
   * console.log(copy.textsToSequences(["ça ne va pas"])); // [[2, 1, 3, 1]]
   * console.log(tokenizer.toJSON().includes('"word_index": "{\\"<OOV>\\": 1, \\"\\\\u00e7a\\": 2')); // true
   * ```
   *
   * @returns A JSON string.
   */
  toJSON(): string {
    return tokenizerToJSON(this, this.#state);
  }

  /**
   * A tokenizer from the JSON of `toJSON()` or of Keras' `Tokenizer.to_json()`.
   *
   * @example
   * ```ts
   * import { Tokenizer } from "@tessera/embed";
   * const json = '{"class_name": "Tokenizer", "config": {"num_words": null, "oov_token": null, ' +
   *   '"document_count": 1, "word_counts": "{\\"hi\\": 1}", "word_docs": "{\\"hi\\": 1}", ' +
   *   '"index_docs": "{\\"1\\": 1}", "index_word": "{\\"1\\": \\"hi\\"}", "word_index": "{\\"hi\\": 1}"}}';
   * console.log(Tokenizer.fromJSON(json).textsToSequences(["Hi!"])); // [[1]]
   * ```
   *
   * @param json The JSON string.
   * @returns A new tokenizer.
   * @throws {TypeError} For invalid JSON, an unknown config key, or ill-typed values.
   * @throws {RangeError} For a negative `num_words` or `document_count`.
   */
  static fromJSON(json: string): Tokenizer {
    const who = "Tokenizer.fromJSON()";
    const { options, state } = parseTokenizerJSON(json, who);
    const tokenizer = renamingErrors(() => new Tokenizer(options), who);
    Object.assign(tokenizer.#state, state);
    return tokenizer;
  }
}
