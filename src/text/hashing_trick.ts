/**
 * `hashingTrick`: Keras' `hashing_trick`, with MD5 as the default hash.
 *
 * @module
 */

import { isClass } from "../tensor/_describe.ts";
import { z } from "npm:zod@^4.1.0";
import { checkText, parseTextOptions, wordFields } from "./_options.ts";
import { checkHashSpace, type HashFunction, hashWords } from "./_hashing.ts";
import type { WordSplitOptions } from "./text_to_word_sequence.ts";

/**
 * Options of `hashingTrick`.
 *
 * @example
 * ```ts
 * import { hashingTrick, type HashingTrickOptions } from "@tessera/embed";
 * const options: HashingTrickOptions = { hashFunction: (word) => word.length };
 * console.log(hashingTrick("a bb ccc", 3, options)); // [2, 1, 2]
 * ```
 */
export interface HashingTrickOptions extends WordSplitOptions {
  /**
   * `"md5"`, or a function from a word to an integer (a `number` or `bigint`).
   * Keras' own default is Python's `hash()`, which is salted per process, so its
   * indices change from run to run; MD5 gives the same indices in every run and
   * the same as Keras with `hash_function="md5"`.
   * @default "md5"
   */
  hashFunction?: "md5" | ((word: string) => number | bigint);
}

const schema = z.strictObject({
  ...wordFields,
  hashFunction: z.union([
    z.literal("md5"),
    z.custom<Exclude<HashFunction, "md5">>((v) => typeof v === "function" && !isClass(v)),
  ]).optional(),
});

/**
 * Hashes each word of a text into `[1, n - 1]`, as Keras' `hashing_trick`:
 * `hash(word) % (n - 1) + 1`, words split as `textToWordSequence` splits them.
 * The default hash is MD5 of the word's UTF-8 bytes (Keras' `"md5"`), so the
 * result is the same in every run and equals Keras' with `hash_function="md5"`.
 * Distinct words may share an index.
 *
 * @example
 * ```ts
 * import { hashingTrick } from "@tessera/embed";
 * console.log(hashingTrick("Well done!", 50)); // [15, 31]
 * ```
 *
 * @param text The text.
 * @param n Size of the hashing space (indices lie in `[1, n - 1]`; 0 is left for padding).
 * @param options `hashFunction`, `filters`, `lower`, `split`.
 * @returns One index per word.
 * @throws {TypeError} If `text` is not a string, `n` is not an integer, an option is unknown or ill-typed, a custom hash returns a non-integer, or an MD5-hashed word holds a lone surrogate.
 * @throws {RangeError} If `n` is less than 2.
 */
export function hashingTrick(text: string, n: number, options: HashingTrickOptions = {}): number[] {
  const who = "hashingTrick()";
  checkText(text, who);
  checkHashSpace(n, who);
  return hashWords(text, n, parseTextOptions(schema, options, who), who);
}
