/**
 * The core of `hashingTrick` and `oneHot`: `hash(word) % (n - 1) + 1` with
 * Python's floor modulo, MD5 over UTF-8 by default.
 */

import { describe } from "../tensor/_nested.ts";
import { DEFAULT_FILTERS } from "./_options.ts";
import { wordSequence } from "./_words.ts";
import { md5Mod } from "./_md5.ts";

/** A word hash: `"md5"` or a function returning an integer. */
export type HashFunction = "md5" | ((word: string) => number | bigint);

/** Parsed options of the hashing functions. */
export interface HashingConfig {
  filters?: string | undefined;
  lower?: boolean | undefined;
  split?: string | undefined;
  hashFunction?: HashFunction | undefined;
}

const encoder = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Checks `n` of the hashing functions. */
export function checkHashSpace(n: unknown, who: string): asserts n is number {
  if (typeof n !== "number" || !Number.isSafeInteger(n)) {
    throw new TypeError(`${who}: n is ${describe(n)} but must be an integer`);
  }
  if (n < 2) throw new RangeError(`${who}: n is ${n} but must be at least 2`);
}

let buffer = new Uint8Array(256);

/** `hash(word) % m` with Python's floor modulo (never negative). */
function hashMod(word: string, hash: HashFunction, m: number, who: string): number {
  if (hash === "md5") {
    // Python's str.encode() refuses lone surrogates; TextEncoder would replace them.
    if (LONE_SURROGATE.test(word)) {
      throw new TypeError(`${who}: the word ${describe(word)} has a lone surrogate (not UTF-8)`);
    }
    if (buffer.length < word.length * 3) buffer = new Uint8Array(word.length * 6);
    return md5Mod(buffer, encoder.encodeInto(word, buffer).written, m);
  }
  const value = hash(word);
  let h: bigint;
  if (typeof value === "bigint") h = value;
  else if (typeof value === "number" && Number.isInteger(value)) h = BigInt(value);
  else {
    throw new TypeError(
      `${who}: hashFunction returned ${describe(value)} for ${
        describe(word)
      } but must return an integer`,
    );
  }
  const mm = BigInt(m);
  return Number(((h % mm) + mm) % mm);
}

/** Hashes the words of `text` into `[1, n - 1]`. */
export function hashWords(text: string, n: number, o: HashingConfig, who: string): number[] {
  const words = wordSequence(text, o.filters ?? DEFAULT_FILTERS, o.lower ?? true, o.split ?? " ");
  const hash = o.hashFunction ?? "md5";
  return words.map((word) => hashMod(word, hash, n - 1, who) + 1);
}
