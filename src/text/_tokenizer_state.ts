/**
 * The tokenizer's vocabulary and Keras' algorithms over it, as plain
 * functions (the `Tokenizer` class validates, then calls these).
 */

import { tokensOf } from "./_words.ts";
import type { TextOrTokens } from "./_options.ts";

/** The tokenizer's settings (fixed at construction). */
export interface TokenizerConfig {
  numWords: number | null;
  filters: string;
  lower: boolean;
  split: string;
  charLevel: boolean;
  oovToken: string | null;
}

/** The vocabulary: Keras' dictionaries as Maps, in Keras' insertion order. */
export interface TokenizerState {
  documentCount: number;
  wordCounts: Map<string, number>;
  wordDocs: Map<string, number>;
  indexDocs: Map<number, number>;
  wordIndex: Map<string, number>;
  indexWord: Map<number, string>;
}

/** An empty vocabulary. */
export function emptyState(documentCount: number): TokenizerState {
  return {
    documentCount,
    wordCounts: new Map(),
    wordDocs: new Map(),
    indexDocs: new Map(),
    wordIndex: new Map(),
    indexWord: new Map(),
  };
}

/** Keras' `fit_on_texts`, on texts already split into tokens. */
export function fitTokens(
  state: TokenizerState,
  config: TokenizerConfig,
  docs: readonly string[][],
): void {
  for (const seq of docs) {
    state.documentCount++;
    for (const w of seq) state.wordCounts.set(w, (state.wordCounts.get(w) ?? 0) + 1);
    for (const w of new Set(seq)) state.wordDocs.set(w, (state.wordDocs.get(w) ?? 0) + 1);
  }
  // Count descending; the sort is stable, so ties stay in first-seen order.
  const sorted = [...state.wordCounts].sort((a, b) => b[1] - a[1]);
  const vocabulary = config.oovToken === null ? [] : [config.oovToken];
  for (const [w] of sorted) vocabulary.push(w);
  // A word seen twice (the OOV token also in the texts) keeps its first place
  // and its last index, as Python's dict(zip(...)) does.
  state.wordIndex = new Map();
  vocabulary.forEach((w, i) => state.wordIndex.set(w, i + 1));
  state.indexWord = new Map();
  for (const [w, i] of state.wordIndex) state.indexWord.set(i, w);
  for (const [w, c] of state.wordDocs) state.indexDocs.set(state.wordIndex.get(w)!, c);
}

/** Keras' `fit_on_sequences`. */
export function fitSequences(state: TokenizerState, sequences: readonly (readonly number[])[]) {
  state.documentCount += sequences.length;
  for (const seq of sequences) {
    for (const i of new Set(seq)) state.indexDocs.set(i, (state.indexDocs.get(i) ?? 0) + 1);
  }
}

/** The tokens of every text (validated by the caller). */
export function tokenize(texts: readonly TextOrTokens[], config: TokenizerConfig): string[][] {
  return texts.map((text) => tokensOf(text, config));
}

function missingOov(config: TokenizerConfig, who: string): never {
  throw new RangeError(
    `${who}: oovToken ${
      JSON.stringify(config.oovToken)
    } has no index in wordIndex (fit the tokenizer first)`,
  );
}

/** The OOV token's index, or undefined (Python's `word_index.get(oov_token)`). */
function oovIndexOf(state: TokenizerState, config: TokenizerConfig): number | undefined {
  return config.oovToken === null ? undefined : state.wordIndex.get(config.oovToken);
}

/** Keras' `texts_to_sequences` on tokens. */
export function tokensToSequences(
  state: TokenizerState,
  config: TokenizerConfig,
  docs: readonly string[][],
  who: string,
): number[][] {
  const limit = config.numWords;
  const oov = oovIndexOf(state, config);
  return docs.map((seq) => {
    const out: number[] = [];
    for (const w of seq) {
      const i = state.wordIndex.get(w);
      if (i !== undefined) {
        if (!(limit && i >= limit)) out.push(i);
        else if (oov !== undefined) out.push(oov);
      } else if (config.oovToken !== null) {
        // Keras appends None here when the OOV token has no index.
        out.push(oov ?? missingOov(config, who));
      }
    }
    return out;
  });
}

/** Keras' `sequences_to_texts`. */
export function sequencesToWords(
  state: TokenizerState,
  config: TokenizerConfig,
  sequences: readonly (readonly number[])[],
  who: string,
): string[] {
  const limit = config.numWords;
  const oov = oovIndexOf(state, config);
  // Keras raises a KeyError where the OOV word is needed but missing.
  const oovWord = (): string =>
    (oov === undefined ? undefined : state.indexWord.get(oov)) ?? missingOov(config, who);
  return sequences.map((seq) => {
    const words: string[] = [];
    for (const num of seq) {
      const word = state.indexWord.get(num);
      if (word !== undefined) {
        if (!(limit && num >= limit)) words.push(word);
        else if (oov !== undefined) words.push(oovWord());
      } else if (config.oovToken !== null) {
        words.push(oovWord());
      }
    }
    return words.join(" ");
  });
}
