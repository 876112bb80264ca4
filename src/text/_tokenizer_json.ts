/**
 * The tokenizer's JSON, as Keras' `Tokenizer.to_json()` writes it (Python's
 * `json.dumps`: ", " and ": " separators, non-ASCII escaped, the five
 * dictionaries as JSON strings inside the JSON) and as
 * `tokenizer_from_json` reads it.
 */

import { describe } from "../tensor/_nested.ts";
import { parseFlatObject } from "./_flat_json.ts";
import type { TokenizerConfig, TokenizerState } from "./_tokenizer_state.ts";

const SHORT: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/** A string as Python's `json.dumps` (with `ensure_ascii`) writes it. */
function dumpString(s: string): string {
  return '"' +
    s.replace(
      /[^ -~]|["\\]/g,
      (ch) => SHORT[ch] ?? "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0"),
    ) + '"';
}

type Scalar = string | number | boolean | null;

/** A flat dictionary as Python's `json.dumps` writes it. */
function dumpDict(entries: Iterable<readonly [string | number, Scalar]>): string {
  const parts: string[] = [];
  for (const [k, v] of entries) {
    parts.push(`${dumpString(String(k))}: ${typeof v === "string" ? dumpString(v) : String(v)}`);
  }
  return `{${parts.join(", ")}}`;
}

/** Keras' `to_json()`. */
export function tokenizerToJSON(config: TokenizerConfig, state: TokenizerState): string {
  const inner: [string, Scalar][] = [
    ["num_words", config.numWords],
    ["filters", config.filters],
    ["lower", config.lower],
    ["split", config.split],
    ["char_level", config.charLevel],
    ["oov_token", config.oovToken],
    ["document_count", state.documentCount],
    ["word_counts", dumpDict(state.wordCounts)],
    ["word_docs", dumpDict(state.wordDocs)],
    ["index_docs", dumpDict(state.indexDocs)],
    ["index_word", dumpDict(state.indexWord)],
    ["word_index", dumpDict(state.wordIndex)],
  ];
  return `{"class_name": "Tokenizer", "config": ${dumpDict(inner)}}`;
}

/** Python's `json.loads` of one of the five inner dictionaries, checked. */
function loadDict<K, V>(
  config: Record<string, unknown>,
  name: string,
  key: (k: string) => K | undefined,
  value: (v: unknown) => v is V,
  want: string,
  who: string,
): Map<K, V> {
  const text = config[name];
  if (typeof text !== "string") {
    throw new TypeError(`${who}: config.${name} is ${describe(text)} but must be a JSON string`);
  }
  let entries: [string, unknown][];
  try {
    entries = parseFlatObject(text);
  } catch (e) {
    throw new TypeError(
      `${who}: config.${name} is not a flat JSON object (${(e as Error).message})`,
    );
  }
  const map = new Map<K, V>();
  for (const [k, v] of entries) {
    const kk = key(k);
    if (kk === undefined) {
      throw new TypeError(
        `${who}: config.${name} has the key ${describe(k)} but keys must be integers`,
      );
    }
    if (!value(v)) {
      throw new TypeError(
        `${who}: config.${name}[${JSON.stringify(k)}] is ${describe(v)} but must be ${want}`,
      );
    }
    map.set(kk, v);
  }
  return map;
}

const anyKey = (k: string): string => k;
const intKey = (k: string): number | undefined => (/^-?\d+$/.test(k) ? Number(k) : undefined);
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const isString = (v: unknown): v is string => typeof v === "string";

const KNOWN = [
  "num_words",
  "filters",
  "lower",
  "split",
  "char_level",
  "oov_token",
  "document_count",
  "word_counts",
  "word_docs",
  "index_docs",
  "index_word",
  "word_index",
];

/**
 * Keras' `tokenizer_from_json`: the constructor options (Keras' names, to be
 * checked by the constructor) and the vocabulary.
 */
export function parseTokenizerJSON(
  json: unknown,
  who: string,
): { options: Record<string, unknown>; state: Omit<TokenizerState, "documentCount"> } {
  if (typeof json !== "string") {
    throw new TypeError(`${who}: json is ${describe(json)} but must be a string`);
  }
  let outer: unknown;
  try {
    outer = JSON.parse(json);
  } catch (e) {
    throw new TypeError(`${who}: json is not valid JSON (${(e as Error).message})`);
  }
  const config = (outer as { config?: unknown } | null)?.config;
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new TypeError(`${who}: json has config ${describe(config)} but it must be an object`);
  }
  const c = config as Record<string, unknown>;
  const unknown = Object.keys(c).find((k) => !KNOWN.includes(k));
  if (unknown !== undefined) throw new TypeError(`${who}: config has the unknown key ${unknown}`);
  const options: Record<string, unknown> = {};
  const names: [string, string][] = [
    ["num_words", "numWords"],
    ["filters", "filters"],
    ["lower", "lower"],
    ["split", "split"],
    ["char_level", "charLevel"],
    ["oov_token", "oovToken"],
    ["document_count", "documentCount"],
  ];
  for (const [py, ts] of names) if (c[py] !== undefined) options[ts] = c[py];
  return {
    options,
    state: {
      wordCounts: loadDict(c, "word_counts", anyKey, isInt, "an integer", who),
      wordDocs: loadDict(c, "word_docs", anyKey, isInt, "an integer", who),
      indexDocs: loadDict(c, "index_docs", intKey, isInt, "an integer", who),
      indexWord: loadDict(c, "index_word", intKey, isString, "a string", who),
      wordIndex: loadDict(c, "word_index", anyKey, isInt, "an integer", who),
    },
  };
}

/** Runs the constructor on options read from JSON; its errors then name `who`. */
export function renamingErrors<T>(make: () => T, who: string): T {
  try {
    return make();
  } catch (e) {
    const message = (e as Error).message.replace(/^Tokenizer\(\): /, `${who}: config: `);
    throw e instanceof RangeError ? new RangeError(message) : new TypeError(message);
  }
}
