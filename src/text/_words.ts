/**
 * Keras' `text_to_word_sequence` core (no validation): Python's `lower()`,
 * then every character of `filters` replaced by `split`, then Python's
 * `str.split(split)` without the empty strings.
 */

import { pythonLower } from "./_python_lower.ts";

let cachedFilters: string | undefined;
let cachedPattern: RegExp | undefined;

/** A global regular expression matching any code point of `filters`. */
function filterPattern(filters: string): RegExp {
  if (filters !== cachedFilters) {
    const chars = Array.from(filters, (ch) => ("\\]^-[".includes(ch) ? "\\" + ch : ch));
    cachedPattern = new RegExp(`[${chars.join("")}]`, "gu");
    cachedFilters = filters;
  }
  return cachedPattern!;
}

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
  if (filters.length > 0) text = text.replace(filterPattern(filters), () => split);
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
