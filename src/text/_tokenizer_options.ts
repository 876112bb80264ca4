/**
 * Options of `Tokenizer` and its matrix methods, with their schemas.
 */

import { z } from "npm:zod@^4.1.0";
import type { MatrixMode } from "./_tokenizer_matrix.ts";

/**
 * Options of `Tokenizer` (Keras' names, camelCased).
 *
 * @example
 * ```ts
 * import { Tokenizer, type TokenizerOptions } from "@tessera/embed";
 * const options: TokenizerOptions = { numWords: 3, oovToken: "<OOV>" };
 * const tokenizer = new Tokenizer(options);
 * tokenizer.fitOnTexts(["a a b c"]);
 * console.log(tokenizer.textsToSequences(["a b c d"])); // [[2, 1, 1, 1]]
 * ```
 */
export interface TokenizerOptions {
  /**
   * Keep only indices below `numWords` in `textsToSequences` (the `numWords - 1` most frequent
   * words, counting the OOV token); also the matrices' width. `null` or 0: no limit.
   * @default null
   */
  numWords?: number | null;
  /**
   * Characters removed from texts (ignored at character level).
   * @default ASCII punctuation except the apostrophe, plus tab and newline
   */
  filters?: string;
  /**
   * Whether to lowercase texts, as Python's `str.lower()` does.
   * @default true
   */
  lower?: boolean;
  /**
   * The word separator (non-empty unless `charLevel`).
   * @default " "
   */
  split?: string;
  /**
   * Whether every character (code point) is a token.
   * @default false
   */
  charLevel?: boolean;
  /**
   * A token that stands for unknown words (index 1) in `textsToSequences`; `null`: unknown
   * words are dropped.
   * @default null
   */
  oovToken?: string | null;
  /**
   * Initial document count (Keras keeps it in its JSON).
   * @default 0
   */
  documentCount?: number;
}

/**
 * Options of `textsToMatrix` and `sequencesToMatrix`.
 *
 * @example
 * ```ts
 * import { type MatrixOptions, Tokenizer } from "@tessera/embed";
 * const tokenizer = new Tokenizer();
 * tokenizer.fitOnTexts(["a b", "a"]);
 * const options: MatrixOptions = { mode: "count" };
 * console.log(await tokenizer.textsToMatrix(["a a b"], options).toArray()); // [[0, 2, 1]]
 * ```
 */
export interface MatrixOptions {
  /**
   * `"binary"` (1 where a word occurs), `"count"`, `"freq"` (count / text length) or `"tfidf"`
   * (`(1 + ln count) * ln(1 + documentCount / (1 + documents with the word))`).
   * @default "binary"
   */
  mode?: MatrixMode;
}

/** Schema of `TokenizerOptions`. */
export const optionsSchema = z.strictObject({
  numWords: z.number().int().nullable().optional(),
  filters: z.string().optional(),
  lower: z.boolean().optional(),
  split: z.string().optional(),
  charLevel: z.boolean().optional(),
  oovToken: z.string().nullable().optional(),
  documentCount: z.number().int().optional(),
});

/** Schema of `MatrixOptions`. */
export const matrixSchema = z.strictObject({
  mode: z.enum(["binary", "count", "tfidf", "freq"]).optional(),
});
