/**
 * `w2v_train`: Word2Vec with negative sampling, skip-gram or CBOW, as
 * gensim's `word2vec_inner` (and word2vec.c) compute it: for every kept
 * position `i` of a chunk, the context positions `[lo[i], hi[i])` (the
 * shrunken window, clipped to the sentence) train against the word at `i`
 * and `negative` words drawn from the unigram^0.75 table by `bisect_left`,
 * with the 48-bit linear congruential generator of word2vec.c. Sigmoids come
 * from the 1,000-entry table over `(-6, 6)`; dot products outside it are
 * skipped, as in gensim. Rows are updated without locks (Hogwild): tasks
 * running on different Workers may touch the same rows.
 *
 * Dot products accumulate vector `v` of a row (4 floats) into accumulator
 * `v % 4`, add the accumulators as `(a0 + a1) + (a2 + a3)`, then the lanes
 * as `(l0 + l1) + (l2 + l3)`, then the `D % 4` tail scalars in order: the
 * order the Wasm twin uses, so the two agree bit for bit.
 *
 * Args: as `SIG` names them:
 * token ids, window bounds (absolute positions) per position, input and
 * output vectors `[V, D]`, the cumulative table (V int32), the sigmoid table
 * (1,000 float32), tasks (4 int32 each: first position, end position, seed
 * high and low 24 bits), per-task scratch (`2 D` floats each), the chunk's
 * number of positions and the learning rate at its first and last position
 * (float64; linear in between). Units: tasks (slices of the chunk's positions).
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({
  tok: "i32*",
  lo: "i32*",
  hi: "i32*",
  syn0: "f32*",
  syn1: "f32*",
  cum: "i32*",
  V: "int",
  exp: "f32*",
  tasks: "i32*",
  scratch: "f32*",
  N: "int",
  a0: "float",
  a1: "float",
});

/** Static spec of `w2v_train`. */
export type W2vTrainSpec = {
  readonly D: number;
  /** Skip-gram (true) or CBOW (false). */
  readonly sg: boolean;
  readonly negative: number;
  /** CBOW: average the context vectors (gensim's `cbow_mean=1`) instead of summing them. */
  readonly cbowMean: boolean;
};

/**
 * Floats of scratch per task: the error and CBOW's context vector (`D` each),
 * then the drawn negatives (int32, rounded up to keep rows 16-byte aligned).
 */
export function scratchFloats(s: W2vTrainSpec): number {
  return 2 * s.D + ((s.negative + 3) & ~3);
}

/** Sigmoid table size and range, as in word2vec.c and gensim. */
export const EXP_TABLE_SIZE = 1000;
/** Dot products at or beyond ±MAX_EXP are skipped. */
export const MAX_EXP = 6;

function w2vTrainJs(
  h: Heap,
  s: W2vTrainSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  // Constants inline: Workers rebuild this function from its source text.
  const MAXE = 6, TABLE = 1000;
  const f32 = h.f32, i32 = h.i32, D = s.D, fr = Math.fround;
  const { tok, lo, hi, syn0, syn1, cum, V, exp, tasks, N, a0, a1 } = a;
  const cumLast = i32[cum + V - 1], scale = fr(TABLE / MAXE / 2);
  const vectors = D >> 2;
  const acc = new Float32Array(16);
  const dot = (x: number, y: number): number => {
    acc.fill(0);
    for (let v = 0; v < vectors; v++) {
      const k = (v & 3) * 4;
      for (let l = 0; l < 4; l++) {
        acc[k + l] = fr(acc[k + l] + fr(f32[x + 4 * v + l] * f32[y + 4 * v + l]));
      }
    }
    const lane = (l: number) => fr(fr(acc[l] + acc[4 + l]) + fr(acc[8 + l] + acc[12 + l]));
    let f = fr(fr(lane(0) + lane(1)) + fr(lane(2) + lane(3)));
    for (let d = 4 * vectors; d < D; d++) f = fr(f + fr(f32[x + d] * f32[y + d]));
    return f;
  };
  const axpy = (y: number, x: number, g: number) => {
    for (let d = 0; d < D; d++) f32[y + d] = fr(f32[y + d] + fr(g * f32[x + d]));
  };
  const scaleRow = (y: number, c: number) => {
    for (let d = 0; d < D; d++) f32[y + d] = fr(f32[y + d] * c);
  };
  for (let t = start; t < end; t++) {
    const task = tasks + 4 * t;
    // The 48-bit generator state as two 24-bit halves (exact in float64).
    let rHi = i32[task + 2] & 0xffffff, rLo = i32[task + 3] & 0xffffff;
    const work = a.scratch + t * (2 * D + ((s.negative + 3) & ~3)), neu1 = work + D;
    const drawn = neu1 + D;
    const train = (input: number, word: number, alpha: number) => {
      // All draws first (the Wasm twin touches their rows before training on them).
      for (let d = 0; d < s.negative; d++) {
        const x = (rHi * 256 + (rLo >>> 16)) % cumLast;
        let l = 0, u = V;
        while (l < u) {
          const m = (l + u) >>> 1;
          if (i32[cum + m] < x) l = m + 1;
          else u = m;
        }
        i32[drawn + d] = l;
        const low = rLo * 0xece66d + 11, carry = Math.floor(low / 0x1000000);
        rHi = (rHi * 0xece66d + rLo * 0x5de + carry) % 0x1000000;
        rLo = low % 0x1000000;
      }
      f32.fill(0, work, work + D);
      for (let d = 0; d <= s.negative; d++) {
        let target = word, label = 1;
        if (d > 0) {
          target = i32[drawn + d - 1];
          if (target === word) continue;
          label = 0;
        }
        const row2 = syn1 + target * D;
        const f = dot(input, row2);
        if (f <= -MAXE || f >= MAXE) continue;
        const sig = f32[exp + Math.trunc(fr(fr(f + MAXE) * scale))];
        const g = fr(fr(label - sig) * alpha);
        axpy(work, row2, g);
        axpy(row2, input, g);
      }
    };
    for (let i = i32[task]; i < i32[task + 1]; i++) {
      const alpha = fr(a0 + (a1 - a0) * (i / N)), word = i32[tok + i];
      const jlo = i32[lo + i], jhi = i32[hi + i];
      if (s.sg) {
        for (let j = jlo; j < jhi; j++) {
          if (j === i) continue;
          const row1 = syn0 + i32[tok + j] * D;
          train(row1, word, alpha);
          axpy(row1, work, 1);
        }
        continue;
      }
      f32.fill(0, neu1, neu1 + D);
      let count = 0;
      for (let j = jlo; j < jhi; j++) {
        if (j !== i) axpy(neu1, syn0 + i32[tok + j] * D, 1), count++;
      }
      if (count === 0) continue;
      const inv = fr(1 / count);
      if (s.cbowMean) scaleRow(neu1, inv);
      train(neu1, word, alpha);
      if (s.cbowMean) scaleRow(work, inv);
      for (let j = jlo; j < jhi; j++) if (j !== i) axpy(syn0 + i32[tok + j] * D, work, 1);
    }
  }
  // Token ids and windows are built by Word2Vec itself, never by users: nothing to refuse.
  return 0;
}

/** The Word2Vec training kernel. */
export const w2vTrain: Kernel<W2vTrainSpec, typeof SIG> = {
  name: "w2v_train",
  sig: SIG,
  unit: "slice",
  js: w2vTrainJs,
};
