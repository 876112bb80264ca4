/**
 * Keras' `sequences_to_matrix`: one row per sequence, one column per word
 * index, in float64 as Keras computes, stored as float32.
 */

import { allocTensor, hostView, type Tensor } from "../tensor/tensor.ts";
import type { TokenizerConfig, TokenizerState } from "./_tokenizer_state.ts";

/** How `textsToMatrix` / `sequencesToMatrix` weigh a word in a text. */
export type MatrixMode = "binary" | "count" | "tfidf" | "freq";

/**
 * The `[sequences.length, numWords]` matrix (sequences validated by the caller:
 * non-negative integers).
 */
export function sequencesMatrix(
  state: TokenizerState,
  config: TokenizerConfig,
  sequences: readonly (readonly number[])[],
  mode: MatrixMode,
  who: string,
): Tensor<"float32"> {
  let numWords = config.numWords;
  if (!numWords) {
    if (state.wordIndex.size === 0) {
      throw new RangeError(
        `${who}: numWords is ${config.numWords} and wordIndex is empty: ` +
          "give the Tokenizer numWords or fit it first",
      );
    }
    numWords = state.wordIndex.size + 1;
  }
  if (mode === "tfidf" && !state.documentCount) {
    throw new RangeError(`${who}: documentCount is 0 but tfidf needs a fitted tokenizer`);
  }
  const out = allocTensor([sequences.length, numWords], "float32", who);
  const data = hostView(out);
  data.fill(0);
  sequences.forEach((seq, i) => {
    const counts = new Map<number, number>();
    for (const j of seq) if (j < numWords) counts.set(j, (counts.get(j) ?? 0) + 1);
    for (const [j, c] of counts) {
      let x: number;
      if (mode === "count") x = c;
      else if (mode === "freq") x = c / seq.length;
      else if (mode === "binary") x = 1;
      else {
        // Weighting scheme 2 of Wikipedia's tf-idf page, natural logs, as Keras.
        const tf = 1 + Math.log(c);
        const idf = Math.log(1 + state.documentCount / (1 + (state.indexDocs.get(j) ?? 0)));
        x = tf * idf;
      }
      data[i * numWords + j] = x;
    }
  });
  return out;
}
