/**
 * Option schemas and input checks shared by the text tools, and Keras'
 * default filters.
 */

import { z } from "npm:zod@^4.1.0";
import { describe } from "../tensor/_nested.ts";
import { parseOptions } from "../ops/_options.ts";

/** Keras' default `filters`: ASCII punctuation except the apostrophe, plus tab and newline. */
export const DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

/** What each text option must be, for messages. */
const EXPECTED: Record<string, string> = {
  filters: "a string",
  lower: "a boolean",
  split: "a non-empty string",
  hashFunction: '"md5" or a function from a word to an integer',
  numWords: "a non-negative integer or null",
  charLevel: "a boolean",
  oovToken: "a string or null",
  documentCount: "a non-negative integer",
  mode: '"binary", "count", "tfidf" or "freq"',
  maxlen: "a non-negative integer or null",
  dtype: '"int32" or "float32"',
  padding: '"pre" or "post"',
  truncating: '"pre" or "post"',
  value: "a number",
};

/** The options every word splitter takes (`textToWordSequence`, `hashingTrick`, `oneHot`). */
export const wordFields = {
  filters: z.string().optional(),
  lower: z.boolean().optional(),
  split: z.string().min(1).optional(),
};

/** Parses text-tool options; a `TypeError` naming `who` and the option on failure. */
export function parseTextOptions<T extends z.ZodType>(
  schema: T,
  options: unknown,
  who: string,
): z.infer<T> {
  return parseOptions(schema, options, who, EXPECTED);
}

/** Checks that `value` is a non-negative integer (or null where allowed). */
export function checkCount(value: number | null | undefined, name: string, who: string): void {
  if (typeof value === "number" && value < 0) {
    throw new RangeError(`${who}: ${name} is ${value} but must be non-negative`);
  }
}

/** Checks a single text. */
export function checkText(text: unknown, who: string, name = "text"): asserts text is string {
  if (typeof text !== "string") {
    throw new TypeError(`${who}: ${name} is ${describe(text)} but must be a string`);
  }
}

/** A text for the tokenizer: a string, or a list of tokens. */
export type TextOrTokens = string | readonly string[];

/** Checks a list of texts (each a string, or an array of string tokens). */
export function checkTexts(texts: unknown, who: string): asserts texts is readonly TextOrTokens[] {
  if (!Array.isArray(texts)) {
    throw new TypeError(
      `${who}: texts is ${describe(texts)} but must be an array of strings (or of token arrays)`,
    );
  }
  // Index loops, not forEach: a hole (a sparse array) is read as undefined and
  // rejected at once, where forEach would skip it, 2^32 times.
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i];
    if (typeof text === "string") continue;
    if (!Array.isArray(text)) {
      throw new TypeError(
        `${who}: texts[${i}] is ${describe(text)} but must be a string or an array of strings`,
      );
    }
    for (let k = 0; k < text.length; k++) checkText(text[k], who, `texts[${i}][${k}]`);
  }
}

/** Checks a list of integer sequences; `nonNegative` also rejects negative indices. */
export function checkSequences(
  sequences: unknown,
  who: string,
  nonNegative = false,
): asserts sequences is readonly (readonly number[])[] {
  if (!Array.isArray(sequences)) {
    throw new TypeError(
      `${who}: sequences is ${describe(sequences)} but must be an array of integer arrays`,
    );
  }
  for (let i = 0; i < sequences.length; i++) {
    const seq = sequences[i];
    if (!Array.isArray(seq) && !(seq instanceof Int32Array)) {
      throw new TypeError(
        `${who}: sequences[${i}] is ${describe(seq)} but must be an array of integers`,
      );
    }
    for (let k = 0; k < seq.length; k++) {
      const v = seq[k];
      if (typeof v !== "number" || !Number.isInteger(v)) {
        throw new TypeError(
          `${who}: sequences[${i}][${k}] is ${describe(v)} but must be an integer`,
        );
      }
      if (nonNegative && v < 0) {
        throw new RangeError(`${who}: sequences[${i}][${k}] is ${v} but must be non-negative`);
      }
    }
  }
}
