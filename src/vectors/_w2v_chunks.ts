/**
 * Turns one pass over a corpus into chunks for the `w2v_train` kernel, as
 * gensim's training loop prepares its jobs: out-of-vocabulary tokens
 * dropped, frequent words downsampled, each kept position given its shrunken
 * window (`window - b`, `b` uniform in `[0, window)`) clipped to its
 * sentence. Sentences longer than 10,000 kept tokens are cut into pieces of
 * that size (gensim truncates them). Chunks are written straight into arena
 * buffers, two of them in turn, so one fills while the other trains.
 *
 * @module
 */

import { arena } from "../memory/arena.ts";
import { Storage } from "../memory/storage.ts";
import type { Random } from "../tensor/random.ts";
import { type Corpus, sentencesOf, type Vocab } from "./_vocab.ts";

/** Longest run of kept tokens trained as one sentence (gensim's `MAX_SENTENCE_LEN`). */
export const MAX_SENTENCE = 10000;

/** Arena buffers of one chunk: token ids and window bounds per position. */
export interface ChunkBuffers {
  readonly tok: Storage;
  readonly lo: Storage;
  readonly hi: Storage;
  readonly capacity: number;
}

/** A filled chunk. */
export interface Chunk {
  readonly buffers: ChunkBuffers;
  /** Kept positions. */
  readonly positions: number;
  /** Corpus tokens the chunk stands for (kept or not), for the learning-rate schedule. */
  readonly rawWords: number;
  /** The epoch (pass) it belongs to. */
  readonly epoch: number;
}

/** Allocates the buffers of a chunk of `capacity` positions. */
export function chunkBuffers(capacity: number, who: string): ChunkBuffers {
  const alloc = () => Storage.alloc(capacity * 4, who);
  return { tok: alloc(), lo: alloc(), hi: alloc(), capacity };
}

/** Settings of a pass. */
export interface PassOptions {
  readonly window: number;
  readonly shrinkWindows: boolean;
  readonly sample: number;
}

/**
 * `epochs` passes over the corpus in chunks (a pass never shares a chunk
 * with the next), alternating between two buffer sets: the consumer must be
 * done with a buffer set before asking for the chunk after next.
 */
export async function* chunksOf(
  corpus: Corpus,
  vocab: Vocab,
  o: PassOptions,
  rng: Random,
  buffers: readonly [ChunkBuffers, ChunkBuffers],
  epochs: number,
  who: string,
): AsyncGenerator<Chunk> {
  let which = 0, n = 0, raw = 0;
  let ids = new Int32Array(1024);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for await (const sentence of sentencesOf(corpus, who)) {
      if (ids.length < sentence.length) ids = new Int32Array(sentence.length);
      let m = 0;
      for (const word of sentence) {
        const id = vocab.index.get(word);
        if (id === undefined) continue;
        if (o.sample > 0 && vocab.sampleInts[id] < rng.nextUint32()) continue;
        ids[m++] = id;
      }
      let first = true;
      for (let from = 0; from < m; from += MAX_SENTENCE) {
        const len = Math.min(MAX_SENTENCE, m - from);
        const buf = buffers[which];
        if (n + len > buf.capacity) {
          yield { buffers: buf, positions: n, rawWords: raw, epoch };
          which ^= 1;
          n = 0;
          raw = 0;
        }
        if (first) raw += sentence.length, first = false;
        write(buffers[which], n, ids.subarray(from, from + len), o, rng);
        n += len;
      }
      if (first) raw += sentence.length;
    }
    if (n > 0 || raw > 0) yield { buffers: buffers[which], positions: n, rawWords: raw, epoch };
    which ^= 1;
    n = 0;
    raw = 0;
  }
}

/** Writes one sentence's kept ids at position `at`, with their window bounds. */
function write(b: ChunkBuffers, at: number, ids: Int32Array, o: PassOptions, rng: Random): void {
  const i32 = arena().heap.i32;
  const tok = b.tok.ptr >>> 2, lo = b.lo.ptr >>> 2, hi = b.hi.ptr >>> 2;
  const end = at + ids.length;
  i32.set(ids, tok + at);
  for (let q = 0; q < ids.length; q++) {
    const i = at + q;
    const w = o.window - (o.shrinkWindows ? rng.nextUint32() % o.window : 0);
    i32[lo + i] = Math.max(at, i - w);
    i32[hi + i] = Math.min(end, i + w + 1);
  }
}
