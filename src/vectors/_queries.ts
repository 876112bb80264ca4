/**
 * gensim 4's query algorithms over a table and its row norms: `most_similar`
 * (3CosAdd), `most_similar_cosmul` (3CosMul), `doesnt_match` and
 * `distances`, computed in float32 where gensim's numpy code is float32.
 */

import { scoreRows, type ScoreTable, topK, unitVec } from "./_scores.ts";
import { twoStageTop } from "./_two_stage.ts";
import type { TwoStageTable } from "./_two_stage_cache.ts";

/** A query term: a key, or a raw vector (used as is, not normalised, as in gensim). */
export type Term = string | Float32Array;

/** What the algorithms need from a `KeyedVectors`. */
export interface Table extends ScoreTable {
  readonly keys: readonly string[];
  /** The unit vector of a key, or the term itself for a vector. */
  termVector(term: Term): Float32Array;
  /** Row of a key term, or -1 for a vector term. */
  termRow(term: Term): number;
  /** The int8 copy for the two-stage search, once built (see `_two_stage_cache.ts`). */
  twoStage?(): Promise<TwoStageTable | undefined>;
  /** A one-stage scan that the int8 copy would have served took `ms`. */
  scannedInOneStage?(ms: number): void;
}

/** A result row: key and similarity. */
export type Scored = [key: string, similarity: number];

function rowsOf(t: Table, inputs: Term[]): Set<number> {
  return new Set(inputs.map((x) => t.termRow(x)).filter((r) => r >= 0));
}

function ranked(t: Table, scores: Float32Array, rows: number, topn: number, inputs: Term[]) {
  const exclude = rowsOf(t, inputs);
  return topK(scores, rows, topn, exclude).map((r): Scored => [t.keys[r], scores[r]]);
}

/**
 * 3CosAdd: the weighted mean (+1 positive, -1 negative) of the terms' unit
 * vectors over the total weight, normalised; the rows with the highest
 * cosine to it, input keys excluded (gensim's `most_similar`). Large tables
 * take the two-stage search (`_two_stage.ts`), whose results are the same.
 */
export async function cosAdd(
  t: Table,
  positive: Term[],
  negative: Term[],
  topn: number,
  rows: number,
  who: string,
): Promise<Scored[]> {
  const D = t.vectors.shape[1];
  const mean = new Float32Array(D);
  for (const [terms, w] of [[positive, 1], [negative, -1]] as const) {
    for (const term of terms) {
      const v = t.termVector(term);
      for (let d = 0; d < D; d++) mean[d] += w * v[d];
    }
  }
  const total = positive.length + negative.length;
  for (let d = 0; d < D; d++) mean[d] /= total;
  const q = unitVec(mean), inputs = [...positive, ...negative], two = await t.twoStage?.();
  const hit = two && await twoStageTop(two, q, rows, topn, rowsOf(t, inputs), who);
  if (hit) return hit.rows.map((r, i): Scored => [t.keys[r], hit.scores[i]]);
  const t0 = performance.now(), scores = await scoreRows(t, q, rows, who);
  if (!two) t.scannedInOneStage?.(performance.now() - t0);
  return ranked(t, scores, rows, topn, inputs);
}

/**
 * 3CosMul (Levy and Goldberg): each row's cosine to each term shifted to
 * `(1 + cos) / 2`, the product over positive terms divided by the product
 * over negative terms plus 1e-6 (gensim's `most_similar_cosmul`).
 */
export async function cosMul(
  t: Table,
  positive: Term[],
  negative: Term[],
  topn: number,
  rows: number,
  who: string,
): Promise<Scored[]> {
  const fr = Math.fround;
  const product = async (terms: Term[]): Promise<Float32Array> => {
    const acc = new Float32Array(rows).fill(1);
    for (const term of terms) {
      const s = await scoreRows(t, t.termVector(term), rows, who);
      for (let r = 0; r < rows; r++) acc[r] = fr(acc[r] * fr(fr(1 + s[r]) / 2));
    }
    return acc;
  };
  const num = await product(positive), den = await product(negative);
  for (let r = 0; r < rows; r++) num[r] = num[r] / fr(den[r] + 1e-6);
  return ranked(t, num, rows, topn, [...positive, ...negative]);
}

/**
 * The key furthest from the mean of the keys' unit vectors (gensim's
 * `doesnt_match`: lowest cosine to the normalised mean; equal cosines: the
 * smallest key).
 */
export function oddOneOut(t: Table, keys: string[]): string {
  const D = t.vectors.shape[1];
  const vecs = keys.map((k) => t.termVector(k));
  const mean = new Float32Array(D);
  for (const v of vecs) for (let d = 0; d < D; d++) mean[d] += v[d];
  for (let d = 0; d < D; d++) mean[d] /= keys.length;
  const m = unitVec(mean);
  const ranks = vecs.map((v, i): [number, string] => {
    let s = 0;
    for (let d = 0; d < D; d++) s += v[d] * m[d];
    return [Math.fround(s), keys[i]];
  });
  ranks.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return ranks[0][1];
}

/** `1 - cos(x, row)` for the given rows, or every row (gensim's `distances`). */
export async function cosineDistances(
  t: Table,
  x: Float32Array,
  rows: number[] | null,
  who: string,
): Promise<Float32Array> {
  const D = t.vectors.shape[1], u = unitVec(x);
  if (rows === null) {
    const V = t.vectors.shape[0];
    const s = await scoreRows(t, u, V, who);
    return s.map((v) => 1 - v);
  }
  const w = t.vectors.dataSync(), n = t.norms.dataSync();
  return Float32Array.from(rows, (r) => {
    let s = 0;
    for (let d = 0; d < D; d++) s += w[r * D + d] * u[d];
    return 1 - Math.fround(s) / n[r];
  });
}
