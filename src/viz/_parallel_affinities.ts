/**
 * t-SNE's setup on the force threads (`_tsne_parallel.ts`): each row's k
 * nearest neighbours and its conditional P (the perplexity search), in
 * chunks of rows that the calling thread and the Workers take from a shared
 * counter (`_force_chunks.ts`). A row is computed alone: its dot products
 * with every row on the four-row kernel of `_wasm_dots.ts`, its candidates
 * offered to its heap in index order, the heap sorted, then the perplexity
 * search on its float32 distances. So the lists and P are those of the one-
 * thread path (`nearestNeighbors`, which computes each pair once for both
 * rows, and `binarySearchPerplexity`), bit for bit, whoever takes which
 * chunk: a pair's dot product, `‖a‖² + ‖b‖²` and the clamp give the same
 * bits in either order.
 */

import type { Worker } from "node:worker_threads";
import { arena } from "../memory/arena.ts";
import { Storage } from "../memory/storage.ts";
import type { Matrix } from "./_matrix.ts";
import { offer, rowNorms, sortLists } from "./_neighbors.ts";
import { type Csr, perplexityRows, symmetricP } from "./_affinities.ts";
import { interleavePairs, quadDotsBytes } from "./_wasm_dots.ts";
import { CHUNK_BITS, takeChunks } from "./_force_chunks.ts";

/** Where a setup's arrays are (byte addresses in the arena) and its sizes. */
export interface SetupLayout {
  n: number;
  cols: number;
  k: number;
  perplexity: number;
  /** Rows per chunk (a multiple of 4), and chunks. */
  chunk: number;
  chunks: number;
  /** The rows interleaved in pairs (`interleavePairs`), zero rows up to a multiple of 4. */
  inter: number;
  /** Thread t's dot products: four rows of `16·⌈n / 2⌉` bytes. */
  outs: number;
  norms: number;
  indices: number;
  distances: number;
  dist32: number;
  cond: number;
}

/**
 * One thread's share of a setup: chunks of rows taken until none is left;
 * returns how many it took. Self-contained (its source is shipped to the
 * Workers).
 */
export function setupThread(
  memory: WebAssembly.Memory,
  code: Uint8Array,
  ctl: Int32Array,
  l: SetupLayout,
  thread: number,
): number {
  const buffer = memory.buffer, { n, cols, k } = l, pairs = (n + 1) >> 1, stride = 16 * pairs;
  const module = new WebAssembly.Module(code as BufferSource);
  const run = new WebAssembly.Instance(module, { env: { memory } }).exports.run as (
    ...args: number[]
  ) => number;
  const outPtr = l.outs + 4 * stride * thread;
  const outs = [0, 1, 2, 3].map((t) => new Float64Array(buffer, outPtr + t * stride, 2 * pairs));
  const norms = new Float64Array(buffer, l.norms, n);
  const worst = new Float64Array(n).fill(NaN); // NaN: never full
  const lists = {
    indices: new Int32Array(buffer, l.indices, n * k),
    distances: new Float64Array(buffer, l.distances, n * k),
    counts: new Int32Array(n),
    worst,
    k,
  };
  const dist32 = new Float32Array(buffer, l.dist32, n * k);
  const cond = new Float64Array(buffer, l.cond, n * k);
  const candidate = (out: Float64Array, i: number, r: number) => {
    const d = norms[i] + norms[r] - 2 * out[r], c = d > 0 ? d : 0;
    if (!(c >= worst[i])) offer(lists, i, r, c);
  };
  return takeChunks(ctl, 1, l.chunks, (chunk) => {
    const start = chunk * l.chunk, end = Math.min(n, start + l.chunk);
    for (let i0 = start; i0 < end; i0 += 4) {
      // Rows i0 .. i0 + 3 (the ones past n are zeros): their dots with every row.
      run(l.inter + 8 * cols * i0, l.inter, cols, outPtr, stride, 0, pairs);
      for (let i = i0; i < Math.min(end, i0 + 4); i++) {
        const out = outs[i - i0];
        for (let r = 0; r < i; r++) candidate(out, i, r);
        for (let r = i + 1; r < n; r++) candidate(out, i, r);
      }
    }
    sortLists(lists, start, end);
    for (let t = start * k; t < end * k; t++) dist32[t] = lists.distances[t];
    perplexityRows(dist32, n, k, l.perplexity, cond, start, end);
  });
}

const align64 = (b: number) => Math.ceil(b / 64) * 64;

/** Control words as `_force_chunks.ts` numbers them: the generation, finished, next. */
const GEN = 0, FINISHED = 2, NEXT = 3;

/** The sparse P of a Barnes-Hut run, computed on the calling thread and the force Workers. */
export class ParallelAffinities {
  #storage: Storage | undefined;
  #ctl: Int32Array;
  #layout: SetupLayout;
  /** Chunks the calling thread took in `finish` (the Workers took the rest). */
  takenHere = 0;

  private constructor(storage: Storage, ctl: Int32Array, layout: SetupLayout) {
    this.#storage = storage;
    this.#ctl = ctl;
    this.#layout = layout;
  }

  /**
   * Lays the data out in the arena and sends the Workers (from
   * `spawnWorkers`, still owned by the caller) to take chunks; a Worker
   * still loading takes the chunks left when it is ready, if any. `finish`
   * takes the calling thread's share; `close` must follow in any case.
   */
  static start(m: Matrix, perplexity: number, workers: Worker[]): ParallelAffinities {
    const n = m.rows, cols = m.cols, k = Math.min(n - 1, Math.floor(3 * perplexity + 1));
    const pairs = (n + 1) >> 1, nk = n * k, padded = 4 * Math.ceil(n / 4);
    const chunk = 4 * Math.ceil(n / 1024), chunks = Math.ceil(n / chunk);
    const sizes = [8 * cols * padded, 64 * pairs * (workers.length + 1), 8 * n, 4 * nk, 8 * nk];
    sizes.push(4 * nk, 8 * nk);
    const offsets: number[] = [];
    let total = 0;
    for (const s of sizes) {
      offsets.push(total);
      total += align64(s);
    }
    const storage = Storage.alloc(total, "tsne()");
    const [inter, outs, norms, indices, distances, dist32, cond] = offsets.map((o) =>
      storage.ptr + o
    );
    const layout: SetupLayout = {
      ...{ n, cols, k, perplexity, chunk, chunks },
      ...{ inter, outs, norms, indices, distances, dist32, cond },
    };
    const memory = arena().memory, buffer = memory.buffer;
    interleavePairs(m.data, n, cols, new Float64Array(buffer, inter, cols * padded));
    new Float64Array(buffer, norms, n).set(rowNorms(m));
    const ctl = new Int32Array(new SharedArrayBuffer(16));
    ctl[GEN] = 1;
    ctl[NEXT] = 1 << CHUNK_BITS; // generation 1, chunk 0
    const code = quadDotsBytes();
    workers.forEach((worker, t) =>
      worker.postMessage({ setup: true, memory, code, control: ctl.buffer, layout, thread: t + 1 })
    );
    return new ParallelAffinities(storage, ctl, layout);
  }

  /** Takes chunks with the Workers until all are finished; `P = (P + Pᵀ) / ΣP`. */
  finish(): Csr {
    const l = this.#layout, ctl = this.#ctl, memory = arena().memory;
    this.takenHere = setupThread(memory, quadDotsBytes(), ctl, l, 0);
    this.#wait(l.chunks);
    const buffer = memory.buffer, nk = l.n * l.k;
    const indices = new Int32Array(buffer, l.indices, nk),
      cond = new Float64Array(buffer, l.cond, nk);
    return symmetricP(indices, cond, l.n, l.k);
  }

  /**
   * Waits until `count` chunks are finished: woken by the last of all, or
   * (fewer, after `close` left no chunk to take) looking every millisecond.
   */
  #wait(count: number): void {
    const ctl = this.#ctl, timeout = count < this.#layout.chunks ? 1 : Infinity;
    for (let done = Atomics.load(ctl, FINISHED); done < count; done = Atomics.load(ctl, FINISHED)) {
      Atomics.wait(ctl, FINISHED, done, timeout);
    }
  }

  /** Leaves no chunk to take, waits for the ones taken, and returns the arena block. */
  close(): void {
    if (!this.#storage) return;
    const ctl = this.#ctl, total = this.#layout.chunks, tag = 1 << CHUNK_BITS;
    let taken = total;
    for (
      let cur = Atomics.load(ctl, NEXT);
      (cur & (tag - 1)) < total;
      cur = Atomics.load(ctl, NEXT)
    ) {
      if (Atomics.compareExchange(ctl, NEXT, cur, tag | total) === cur) {
        taken = cur & (tag - 1);
        break;
      }
    }
    this.#wait(taken);
    this.#storage.dispose();
    this.#storage = undefined;
  }
}
