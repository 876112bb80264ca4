/**
 * `oneHot`: Keras' `one_hot`, hashed with MD5.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import { checkText, parseTextOptions, wordFields } from "./_options.ts";
import { checkHashSpace, hashWords } from "./_hashing.ts";
import type { WordSplitOptions } from "./text_to_word_sequence.ts";

const schema = z.strictObject(wordFields);

/**
 * Encodes a text as a list of word indices in `[1, n - 1]`: Keras' `one_hot`,
 * which is `hashingTrick` with the hash fixed. Keras fixes it to Python's
 * `hash()`, salted per process (indices differ from run to run unless
 * `PYTHONHASHSEED` is set); Tessera uses MD5, so the indices are the same in
 * every run and equal Keras' `hashing_trick(text, n, hash_function="md5")`.
 *
 * @example
 * ```ts
 * import { oneHot } from "@tessera/embed";
 * console.log(oneHot("Could have done better.", 50)); // [9, 45, 31, 20]
 * ```
 *
 * @param text The text.
 * @param n Size of the hashing space (the vocabulary size of the embedding that reads the indices).
 * @param options `filters`, `lower`, `split`.
 * @returns One index per word.
 * @throws {TypeError} If `text` is not a string, `n` is not an integer, or an option is unknown or ill-typed.
 * @throws {RangeError} If `n` is less than 2.
 */
export function oneHot(text: string, n: number, options: WordSplitOptions = {}): number[] {
  const who = "oneHot()";
  checkText(text, who);
  checkHashSpace(n, who);
  return hashWords(text, n, parseTextOptions(schema, options, who), who);
}
