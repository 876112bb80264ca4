/**
 * Options of the `KeyedVectors` queries.
 *
 * @module
 */

import type { Term } from "./_queries.ts";

/**
 * Options of `KeyedVectors.mostSimilar` and `mostSimilarCosmul`.
 *
 * @example
 * ```ts
 * import { KeyedVectors, type MostSimilarOptions } from "@tessera/embed";
 * const kv = new KeyedVectors(["a", "b", "c"], [[1, 0], [0.9, 0.1], [0, 1]]);
 * const query: MostSimilarOptions = { positive: ["a"], topn: 1 };
 * console.log(await kv.mostSimilar(query)); // [["b", 0.9938837...]]
 * ```
 */
export interface MostSimilarOptions {
  /**
   * Keys (or raw vectors) that pull the result towards them (weight +1).
   * @default []
   */
  positive?: Term | readonly Term[];
  /**
   * Keys (or raw vectors) that push it away (weight -1).
   * @default []
   */
  negative?: Term | readonly Term[];
  /**
   * Number of results; below 1 returns none (as gensim).
   * @default 10
   */
  topn?: number;
  /**
   * Search only the first rows of the vocabulary (usually the most frequent
   * words); `null` or 0 searches all of it.
   * @default null
   */
  restrictVocab?: number | null;
}

/**
 * Options of `KeyedVectors.wordsClosestTo`.
 *
 * @example
 * ```ts
 * import { KeyedVectors, type ClosestOptions } from "@tessera/embed";
 * const kv = new KeyedVectors(["x", "y"], [[1, 0], [0, 1]]);
 * const options: ClosestOptions = { topn: 1 };
 * console.log(await kv.wordsClosestTo([0.2, 1], options)); // [["y", 0.98058...]]
 * ```
 */
export type ClosestOptions = Pick<MostSimilarOptions, "topn" | "restrictVocab">;
