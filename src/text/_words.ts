/**
 * Keras' `text_to_word_sequence` core (no validation): Python's `lower()`,
 * then every character of `filters` replaced by `split`, then Python's
 * `str.split(split)` without the empty strings.
 */

import { pythonLower } from "./_python_lower.ts";

let cachedFilters: string | undefined;
let cachedPattern: RegExp | undefined;
let cachedTable: Uint8Array | undefined;

/** A global regular expression matching any code point of `filters`. */
function filterPattern(filters: string): RegExp {
  if (filters !== cachedFilters) cacheFilters(filters);
  return cachedPattern!;
}

/** A flag per UTF-16 unit of `filters`, or undefined if it holds surrogates (astral characters). */
function filterTable(filters: string): Uint8Array | undefined {
  if (filters !== cachedFilters) cacheFilters(filters);
  return cachedTable;
}

function cacheFilters(filters: string): void {
  const chars = Array.from(filters, (ch) => ("\\]^-[".includes(ch) ? "\\" + ch : ch));
  cachedPattern = new RegExp(`[${chars.join("")}]`, "gu");
  cachedTable = undefined;
  if (!/[\ud800-\udfff]/.test(filters)) {
    cachedTable = new Uint8Array(0x10000);
    for (let i = 0; i < filters.length; i++) cachedTable[filters.charCodeAt(i)] = 1;
  }
  cachedFilters = filters;
}

/**
 * The fast path for a one-unit separator and filters without astral characters: words are the
 * runs between separator or filter characters (what replacing then splitting gives).
 */
function scanWords(text: string, table: Uint8Array, separator: number): string[] {
  const words: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === separator || table[c] === 1) {
      if (i > start) words.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (text.length > start) words.push(text.slice(start));
  return words;
}

const EMPTY_TABLE = new Uint8Array(0x10000);

/**
 * Splits `text` into words as Keras does.
 *
 * @param text The text.
 * @param filters Characters (code points) replaced by `split`.
 * @param lower Whether to lowercase first (Python's `str.lower()`).
 * @param split The separator, non-empty.
 * @returns The non-empty words, in order.
 */
export function wordSequence(
  text: string,
  filters: string,
  lower: boolean,
  split: string,
): string[] {
  if (lower) text = pythonLower(text);
  const unit = split.charCodeAt(0);
  if (split.length === 1 && (unit < 0xd800 || unit > 0xdfff)) {
    const table = filters.length > 0 ? filterTable(filters) : EMPTY_TABLE;
    if (table !== undefined) return scanWords(text, table, unit);
  }
  // A replacement string is much faster than a callback; "$" must be escaped in it.
  if (filters.length > 0) {
    text = text.replace(filterPattern(filters), split.replaceAll("$", "$$$$"));
  }
  return text.split(split).filter((word) => word.length > 0);
}

/** The tokens of one text for the tokenizer: by code point at character level. */
export function tokensOf(
  text: string | readonly string[],
  config: { filters: string; lower: boolean; split: string; charLevel: boolean },
): string[] {
  if (typeof text !== "string") return text.map((t) => (config.lower ? pythonLower(t) : t));
  if (config.charLevel) return Array.from(config.lower ? pythonLower(text) : text);
  return wordSequence(text, config.filters, config.lower, config.split);
}
