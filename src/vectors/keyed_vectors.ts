/**
 * `KeyedVectors`: a table of word vectors with its keys, and gensim 4's
 * similarity queries over it.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { describe, type NestedArray } from "../tensor/_nested.ts";
import { checkWeight, toTensor } from "../ops/_inputs.ts";
import { tensor } from "../tensor/creation.ts";
import { dotF32, normedCopy, rowNorms, rowNormsAsync, Scratch, unitVec } from "./_scores.ts";
import { cosAdd, cosineDistances, cosMul, oddOneOut, type Scored, type Term } from "./_queries.ts";
import type { ClosestOptions, MostSimilarOptions } from "./most_similar_options.ts";
import { checkKeys, checkRestrict, checkTopn, checkVector, toTerms } from "./_checks.ts";
import { noteOneStageScan, type TableCache, twoStageOf } from "./_two_stage_cache.ts";

/** A query result: the key and its similarity. */
export type { Scored, Term };
export type { ClosestOptions, MostSimilarOptions } from "./most_similar_options.ts";

/** Set by `keyedVectorsOf` so the constructor adopts checked parts as they are. */
let adopting: Map<string, number> | undefined;

/** Internal (loaders): a `KeyedVectors` over distinct keys and their index, not copied. */
export function keyedVectorsOf(
  keys: string[],
  index: Map<string, number>,
  vectors: Tensor<"float32">,
): KeyedVectors {
  adopting = index;
  try {
    return new KeyedVectors(keys, vectors);
  } finally {
    adopting = undefined;
  }
}

/**
 * Word vectors with their keys, as gensim's `KeyedVectors`: key to row and
 * back, unit-normalised vectors (cached until the vectors change), and
 * similarity queries whose results match gensim's. The scoring runs on the
 * Wasm kernels, split across the Worker pool for large vocabularies.
 *
 * @example
 * ```ts
 * import { KeyedVectors } from "@tessera/embed";
 * const kv = new KeyedVectors(["king", "man", "woman", "queen"], [
 *   [0.9, 0.8, 0.1], [0.5, 0.9, 0.0], [0.5, 0.1, 0.9], [0.9, 0.0, 1.0],
 * ]);
 * const [[word]] = await kv.mostSimilar({ positive: ["king", "woman"], negative: ["man"], topn: 1 });
 * console.log(word, kv.similarity("king", "queen").toFixed(3)); // queen 0.560
 * ```
 */
export class KeyedVectors {
  #keys: string[];
  #index: Map<string, number>;
  #vectors: Tensor<"float32">;
  #cache: TableCache = {};
  readonly #scratch = new Scratch();

  /**
   * Wraps a `[V, D]` table (a tensor is shared, not copied; a flat
   * `Float32Array` of `V * D` values is copied) and its `V` keys.
   *
   * @param keys One distinct string per row, in row order.
   * @param vectors The table.
   * @throws {TypeError} For a table that is not 2-D float32 data, or keys that are not strings.
   * @throws {RangeError} For a repeated key, or a key count different from the row count.
   */
  constructor(keys: readonly string[], vectors: Tensor<"float32"> | Float32Array | NestedArray) {
    const who = "KeyedVectors()";
    const flat = vectors instanceof Float32Array && Array.isArray(keys) && keys.length > 0 &&
      vectors.length % keys.length === 0;
    const source = flat
      ? tensor(vectors, { shape: [keys.length, vectors.length / keys.length] })
      : vectors;
    const table = checkWeight(toTensor(source, "float32", who, "vectors"), who, "vectors");
    this.#index = adopting ?? checkKeys(keys, table.shape[0], who);
    this.#keys = adopting ? keys as string[] : [...keys];
    this.#vectors = table;
  }

  /** The `[V, D]` table. */
  get vectors(): Tensor<"float32"> {
    return this.#vectors;
  }

  /** The keys in row order (gensim's `index_to_key`). */
  get keys(): readonly string[] {
    return this.#keys;
  }

  /** Number of keys (`V`). */
  get length(): number {
    return this.#keys.length;
  }

  /** Width of each vector (`D`). */
  get vectorSize(): number {
    return this.#vectors.shape[1];
  }

  /** Whether `key` has a vector. */
  has(key: string): boolean {
    return this.#index.has(key);
  }

  /**
   * The row of a key (gensim's `key_to_index[key]`).
   *
   * @throws {RangeError} For a key without a vector.
   */
  indexOf(key: string): number {
    return this.#row(key, "KeyedVectors.indexOf()");
  }

  /** The row of a key, or a `RangeError` naming the method `who`. */
  #row(key: string, who: string): number {
    const i = this.#index.get(key);
    if (i !== undefined) return i;
    throw new RangeError(`${who}: key ${describe(key)} is not in the vocabulary`);
  }

  /**
   * The key of a row (gensim's `index_to_key[index]`).
   *
   * @throws {RangeError} For an index outside `[0, V)`.
   */
  keyAt(index: number): string {
    if (!Number.isInteger(index) || index < 0 || index >= this.#keys.length) {
      throw new RangeError(
        `KeyedVectors.keyAt(): index is ${index} but must be an integer in [0, ${this.#keys.length})`,
      );
    }
    return this.#keys[index];
  }

  /**
   * A copy of a key's vector, unit-normalised with `{norm: true}`.
   *
   * @throws {RangeError} For a key without a vector.
   */
  getVector(key: string, options: { norm?: boolean } = {}): Float32Array {
    const v = this.#vector(key, "KeyedVectors.getVector()");
    if (!options.norm) return v;
    const n = this.#normsTensor().dataSync()[this.#index.get(key)!];
    return v.map((x) => x / n);
  }

  /** A copy of a key's vector (`who` names the method in the error for an unknown key). */
  #vector(key: string, who: string): Float32Array {
    const D = this.vectorSize, r = this.#row(key, who) * D;
    return this.#vectors.dataSync().slice(r, r + D);
  }

  /**
   * Overwrites a key's vector (the cached norms are dropped).
   *
   * @throws {RangeError} For a key without a vector, or a vector of the wrong length.
   */
  setVector(key: string, vector: Float32Array | readonly number[]): void {
    const r = this.#row(key, "KeyedVectors.setVector()");
    const v = checkVector(vector, this.vectorSize, "KeyedVectors.setVector()");
    this.#vectors.dataSync().set(v, r * this.vectorSize);
    this.vectorsChanged();
  }

  /** Drops the cached norms and unit vectors: call after writing to `vectors` in place. */
  vectorsChanged(): void {
    this.#cache = {};
  }

  /** The unit-normalised table, `[V, D]`, computed once and cached (gensim's `get_normed_vectors`). */
  normedVectors(): Tensor<"float32"> {
    return this.#cache.normed ??= normedCopy(this.#vectors, this.#normsTensor());
  }

  /**
   * The keys most similar to the positive terms and least to the negative
   * ones (3CosAdd, gensim's `most_similar`): cosine to the normalised mean
   * of the terms' unit vectors, input keys excluded.
   *
   * @returns `[key, similarity]` pairs, most similar first.
   * @throws {TypeError} For terms that are not keys or `Float32Array`s, or a non-integer `topn`.
   * @throws {RangeError} For unknown keys, no terms, or vectors of the wrong length.
   */
  mostSimilar(options: MostSimilarOptions): Promise<Scored[]> {
    return this.#query(options, "KeyedVectors.mostSimilar()", cosAdd);
  }

  /**
   * 3CosMul (gensim's `most_similar_cosmul`): the product of the shifted
   * cosines `(1 + cos) / 2` to the positive terms over that to the negative
   * terms plus 1e-6. Unlike gensim 4.2, `restrictVocab` is honoured.
   *
   * @returns `[key, score]` pairs, best first.
   * @throws {TypeError} For terms that are not keys or `Float32Array`s, or a non-integer `topn`.
   * @throws {RangeError} For unknown keys, no positive term, or vectors of the wrong length.
   */
  mostSimilarCosmul(options: MostSimilarOptions): Promise<Scored[]> {
    return this.#query(options, "KeyedVectors.mostSimilarCosmul()", cosMul);
  }

  /**
   * The keys closest (by cosine) to a vector (gensim's `similar_by_vector`).
   *
   * @returns `[key, similarity]` pairs, most similar first.
   * @throws {RangeError} For a vector of the wrong length.
   */
  async wordsClosestTo(
    vector: Float32Array | readonly number[],
    options: ClosestOptions = {},
  ): Promise<Scored[]> {
    const who = "KeyedVectors.wordsClosestTo()", v = checkVector(vector, this.vectorSize, who);
    return await this.#query({ ...options, positive: [v] }, who, cosAdd);
  }

  /**
   * Cosine similarity of two keys' vectors.
   * @throws {RangeError} For a key without a vector.
   */
  similarity(a: string, b: string): number {
    const who = "KeyedVectors.similarity()";
    return dotF32(unitVec(this.#vector(a, who)), unitVec(this.#vector(b, who)));
  }

  /**
   * The key that fits least with the others: lowest cosine to the mean of
   * their unit vectors. Keys without vectors are ignored, as in gensim.
   *
   * @throws {RangeError} When none of the keys has a vector.
   */
  doesntMatch(keys: readonly string[]): string {
    const known = keys.filter((k) => this.has(k));
    if (known.length === 0) {
      throw new RangeError(`KeyedVectors.doesntMatch(): none of the ${keys.length} keys is known`);
    }
    return oddOneOut(this.#table(), known);
  }

  /**
   * Cosine distances `1 - cos` from a key or vector to `others` (every key
   * when empty), as gensim's `distances`.
   *
   * @returns One distance per other key (or per row).
   * @throws {RangeError} For unknown keys or a vector of the wrong length.
   */
  async distances(
    keyOrVector: string | Float32Array,
    others: readonly string[] = [],
  ): Promise<Float32Array> {
    const who = "KeyedVectors.distances()";
    const x = typeof keyOrVector === "string"
      ? this.#vector(keyOrVector, who)
      : checkVector(keyOrVector, this.vectorSize, who);
    const rows = others.length === 0 ? null : others.map((k) => this.#row(k, who));
    return await this.#scratch.run(() => cosineDistances(this.#table(), x, rows, who));
  }

  /** E.g. `KeyedVectors(3000 keys, 300 dims)`. */
  toString(): string {
    return `KeyedVectors(${this.length} keys, ${this.vectorSize} dims)`;
  }

  #normsTensor(): Tensor<"float32"> {
    return this.#cache.norms ??= rowNorms(this.#vectors, "KeyedVectors");
  }

  #table() {
    return {
      vectors: this.#vectors,
      norms: this.#normsTensor(),
      scratch: this.#scratch,
      keys: this.#keys,
      termVector: (t: Term) => (typeof t === "string" ? this.getVector(t, { norm: true }) : t),
      termRow: (t: Term) => (typeof t === "string" ? this.indexOf(t) : -1),
      twoStage: () =>
        twoStageOf(this.#cache, this.#vectors, () => this.#normsTensor(), "KeyedVectors"),
      scannedInOneStage: (ms: number) => noteOneStageScan(this.#cache, ms),
    };
  }

  async #query(o: MostSimilarOptions, who: string, algo: typeof cosAdd): Promise<Scored[]> {
    const topn = checkTopn(o.topn, who);
    const rows = checkRestrict(o.restrictVocab, this.length, who);
    const positive = toTerms(o.positive, "positive", this, who);
    const negative = toTerms(o.negative, "negative", this, who);
    if (positive.length === 0 && (algo === cosMul || negative.length === 0)) {
      throw new RangeError(`${who}: there are no positive terms to compare with`);
    }
    if (topn < 1) return [];
    return await this.#scratch.run(async () => {
      // The first query computes the norms on the Worker pool, other uses on the calling thread.
      const cache = this.#cache; // (`vectorsChanged()` meanwhile replaces it)
      cache.norms ??= await rowNormsAsync(this.#vectors, "KeyedVectors");
      return algo(this.#table(), positive, negative, topn, rows, who);
    });
  }
}
