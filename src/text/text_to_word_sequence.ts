/**
 * `textToWordSequence`: Keras' `text_to_word_sequence`.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import { checkText, DEFAULT_FILTERS, parseTextOptions, wordFields } from "./_options.ts";
import { wordSequence } from "./_words.ts";

/**
 * How a text is split into words (Keras' names, camelCased).
 *
 * @example
 * ```ts
 * import { textToWordSequence, type WordSplitOptions } from "@tessera/embed";
 * const options: WordSplitOptions = { filters: ",", lower: false, split: "," };
 * console.log(textToWordSequence("Red,Green,,Blue", options)); // ["Red", "Green", "Blue"]
 * ```
 */
export interface WordSplitOptions {
  /**
   * Characters to remove (each code point is replaced by `split`).
   * @default ASCII punctuation except the apostrophe, plus tab and newline: `!"#$%&()*+,-./:;<=>?@[\]^_`{|}~\t\n`
   */
  filters?: string;
  /**
   * Whether to lowercase first, as Python's `str.lower()` does (see the README: it differs
   * from `toLowerCase()` for characters newer than Unicode 14).
   * @default true
   */
  lower?: boolean;
  /**
   * The word separator (a non-empty string).
   * @default " "
   */
  split?: string;
}

const schema = z.strictObject(wordFields);

/**
 * Splits a text into a list of words exactly as Keras' `text_to_word_sequence`
 * does: lowercase (Python's rules), replace every character of `filters` by
 * `split`, split on `split`, drop empty words.
 *
 * @example
 * ```ts
 * import { textToWordSequence } from "@tessera/embed";
 * console.log(textToWordSequence("Well done! Well, well...")); // ["well", "done", "well", "well"]
 * console.log(textToWordSequence("Größe ÜBER Straße")); // ["größe", "über", "straße"]
 * ```
 *
 * @param text The text.
 * @param options `filters`, `lower` and `split`.
 * @returns The words, in order.
 * @throws {TypeError} If `text` is not a string, or for an unknown or ill-typed option (an empty `split` included).
 */
export function textToWordSequence(text: string, options: WordSplitOptions = {}): string[] {
  const who = "textToWordSequence()";
  checkText(text, who);
  const o = parseTextOptions(schema, options, who);
  return wordSequence(text, o.filters ?? DEFAULT_FILTERS, o.lower ?? true, o.split ?? " ");
}
