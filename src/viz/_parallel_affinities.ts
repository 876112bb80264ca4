/**
 * t-SNE's setup on the force threads (`_tsne_parallel.ts`): each row's k
 * nearest neighbours and its conditional P (the perplexity search), in two
 * phases of chunks of rows that the calling thread and the Workers take
 * from shared counters (`_force_chunks.ts`). Phase one computes each pair's
 * distance once, as the one-thread `nearestNeighbors` does: the taker of
 * row i computes its dot products with the rows after it (the four-row
 * kernel of `_wasm_dots.ts`) and offers each pair to both rows' heaps in
 * its own set of heaps (its "slot"). A thread takes chunks in increasing
 * order, so each heap of a slot receives its candidates in increasing
 * index order, and keeps the k best of them by (distance, index). Phase two
 * (once every chunk of phase one is finished) merges each row's heaps of
 * all slots by (distance, index), which gives the k best of all whichever
 * thread offered which pair, then runs the perplexity search on the row's
 * float32 distances. So the lists and P are those of the one-thread path
 * (`nearestNeighbors` and `binarySearchPerplexity`), bit for bit (a pair's
 * dot product, `‖a‖² + ‖b‖²` and the clamp give the same bits in either
 * order). A slot takes 12 bytes per neighbour: at most `SLOT_BUDGET` bytes
 * of them, and threads beyond the slots only take phase two.
 */

import type { Worker } from "node:worker_threads";
import { arena } from "../memory/arena.ts";
import { Storage } from "../memory/storage.ts";
import type { Matrix } from "./_matrix.ts";
import { type Lists, mergeRow, offer, rowNorms, sortLists } from "./_neighbors.ts";
import { type Csr, perplexityRows } from "./_affinities.ts";
import { symmetricP } from "./_symmetric_p.ts";
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
  /** Slots (threads that take phase-one chunks), their first byte and bytes each. */
  slots: number;
  foreign: number;
  slotBytes: number;
}

/**
 * Offers each pair of row `i` and a row `r > i` (squared distance from
 * their dot product `dots[r]` and the norms) to both rows' heaps. A
 * function of its own, called row by row: as the inner loop of the loops
 * over chunks and rows, V8 compiled it on stack replacement and dropped that
 * code at each exit, and the first runs in a process went mostly
 * unoptimised. Self-contained (its source is shipped to the Workers).
 */
export function offerRow(lists: Lists, i: number, dots: Float64Array, norms: Float64Array): void {
  const n = norms.length, ni = norms[i], worst = lists.worst;
  for (let r = i + 1; r < n; r++) {
    const d = ni + norms[r] - 2 * dots[r], c = d > 0 ? d : 0;
    if (!(c >= worst[i])) offer(lists, i, r, c);
    if (!(c >= worst[r])) offer(lists, r, i, c);
  }
}

/** Bytes of the slots at most (threads beyond them only take phase-two chunks). */
const SLOT_BUDGET = 2 ** 28;

/**
 * One thread's share of a setup: chunks of phase one (if the thread has a
 * slot), then, once all are finished, chunks of phase two until none is
 * left; returns how many of each it took. `ctl` holds both phases' control words
 * (phase two's from word 4). Self-contained (its source is shipped to the
 * Workers).
 */
export function setupThread(
  memory: WebAssembly.Memory,
  code: Uint8Array,
  ctl: Int32Array,
  l: SetupLayout,
  thread: number,
): [number, number] {
  const buffer = memory.buffer, { n, cols, k } = l, pairs = (n + 1) >> 1, stride = 16 * pairs;
  const nk = n * k, a64 = (b: number) => Math.ceil(b / 64) * 64;
  const module = new WebAssembly.Module(code as BufferSource);
  const run = new WebAssembly.Instance(module, { env: { memory } }).exports.run as (
    ...args: number[]
  ) => number;
  const outPtr = l.outs + 4 * stride * thread;
  const outs = [0, 1, 2, 3].map((t) => new Float64Array(buffer, outPtr + t * stride, 2 * pairs));
  const norms = new Float64Array(buffer, l.norms, n);
  const out = {
    indices: new Int32Array(buffer, l.indices, nk),
    distances: new Float64Array(buffer, l.distances, nk),
  };
  const slots = Array.from({ length: l.slots }, (_, s) => {
    const at = l.foreign + s * l.slotBytes;
    return {
      indices: new Int32Array(buffer, at, nk),
      distances: new Float64Array(buffer, at + a64(4 * nk), nk),
      counts: new Int32Array(buffer, at + a64(4 * nk) + a64(8 * nk), n),
      k,
    };
  });
  let taken = 0;
  if (thread < l.slots) {
    // Heaps in this thread's memory (faster than the arena's), copied to the slot at the end.
    const worst = new Float64Array(n).fill(NaN); // NaN: never full
    const mine = { indices: new Int32Array(nk), distances: new Float64Array(nk), worst, k };
    const lists = { ...mine, counts: new Int32Array(n) };
    // Chunks counted as finished only once the slot is written.
    taken = takeChunks(ctl, 1, l.chunks, (chunk) => {
      const start = chunk * l.chunk, end = Math.min(n, start + l.chunk);
      for (let i0 = start; i0 < end; i0 += 4) {
        // Rows i0 .. i0 + 3 (the ones past n are zeros): their dots with the rows from i0 on.
        run(l.inter + 8 * cols * i0, l.inter, cols, outPtr, stride, i0 >> 1, pairs);
        for (let i = i0; i < Math.min(end, i0 + 4); i++) offerRow(lists, i, outs[i - i0], norms);
      }
    }, false);
    if (taken > 0) {
      const slot = slots[thread];
      slot.indices.set(mine.indices);
      slot.distances.set(mine.distances);
      slot.counts.set(lists.counts);
      if (Atomics.add(ctl, 2, taken) + taken === l.chunks) Atomics.notify(ctl, 2);
    }
  }
  // Phase two once phase one is finished (or the setup closed: see `close`).
  for (let done = Atomics.load(ctl, 2); done < l.chunks; done = Atomics.load(ctl, 2)) {
    Atomics.wait(ctl, 2, done);
  }
  const dist32 = new Float32Array(buffer, l.dist32, nk);
  const cond = new Float64Array(buffer, l.cond, nk);
  const heads = new Int32Array(slots.length);
  return [
    taken,
    takeChunks(new Int32Array(ctl.buffer, 16, 4), 1, l.chunks, (chunk) => {
      const start = chunk * l.chunk, end = Math.min(n, start + l.chunk);
      for (const heap of slots) sortLists(heap, start, end);
      for (let i = start; i < end; i++) mergeRow(slots, out, i, k, heads);
      for (let t = start * k; t < end * k; t++) dist32[t] = out.distances[t];
      perplexityRows(dist32, n, k, l.perplexity, cond, start, end);
    }),
  ];
}

const align64 = (b: number) => Math.ceil(b / 64) * 64;

/** Control words as `_force_chunks.ts` numbers them: the generation, finished, next. */
const GEN = 0, FINISHED = 2, NEXT = 3;

/** What `close` adds to phase one's finished count (more than any count of chunks). */
const CLOSED = 1 << 20;

/** The sparse P of a Barnes-Hut run, computed on the calling thread and the force Workers. */
export class ParallelAffinities {
  #storage: Storage | undefined;
  #ctl: Int32Array;
  #layout: SetupLayout;
  /** Chunks of each phase the calling thread took in `finish` (the Workers took the rest). */
  takenHere: [number, number] = [0, 0];

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
    const slotBytes = align64(4 * nk) + align64(8 * nk) + align64(4 * n);
    const slots = Math.min(workers.length + 1, Math.max(1, Math.floor(SLOT_BUDGET / slotBytes)));
    const sizes = [8 * cols * padded, 64 * pairs * (workers.length + 1), 8 * n, 4 * nk, 8 * nk];
    sizes.push(4 * nk, 8 * nk, slots * slotBytes);
    const offsets: number[] = [];
    let total = 0;
    for (const s of sizes) {
      offsets.push(total);
      total += align64(s);
    }
    const storage = Storage.alloc(total, "tsne()");
    const [inter, outs, norms, indices, distances, dist32, cond, foreign] = offsets.map((o) =>
      storage.ptr + o
    );
    const layout: SetupLayout = {
      ...{ n, cols, k, perplexity, chunk, chunks, slots, foreign, slotBytes },
      ...{ inter, outs, norms, indices, distances, dist32, cond },
    };
    const memory = arena().memory, buffer = memory.buffer;
    interleavePairs(m.data, n, cols, new Float64Array(buffer, inter, cols * padded));
    new Float64Array(buffer, norms, n).set(rowNorms(m));
    for (let s = 0; s < slots; s++) {
      new Int32Array(buffer, foreign + s * slotBytes + slotBytes - align64(4 * n), n).fill(0);
    }
    // Both phases' control words: generation 1, chunk 0.
    const ctl = new Int32Array(new SharedArrayBuffer(32));
    for (const at of [0, 4]) {
      ctl[at + GEN] = 1;
      ctl[at + NEXT] = 1 << CHUNK_BITS;
    }
    const code = quadDotsBytes();
    workers.forEach((worker, t) =>
      worker.postMessage({ setup: true, memory, code, control: ctl.buffer, layout, thread: t + 1 })
    );
    return new ParallelAffinities(storage, ctl, layout);
  }

  /** Takes chunks with the Workers until all are finished; `P = (P + Pᵀ) / ΣP`. */
  finish(): Csr {
    const l = this.#layout, memory = arena().memory;
    this.takenHere = setupThread(memory, quadDotsBytes(), this.#ctl, l, 0);
    this.#wait(this.#phase(2), l.chunks);
    const buffer = memory.buffer, nk = l.n * l.k;
    const indices = new Int32Array(buffer, l.indices, nk),
      cond = new Float64Array(buffer, l.cond, nk);
    return symmetricP(indices, cond, l.n, l.k);
  }

  /** The control words of phase 1 or 2. */
  #phase(phase: number): Int32Array {
    return new Int32Array(this.#ctl.buffer, 16 * (phase - 1), 4);
  }

  /**
   * Waits until `count` chunks of a phase are finished: woken by the last
   * of all, or (after `close`, when no chunk may be the last) looking every
   * `timeout` ms.
   */
  #wait(ctl: Int32Array, count: number, timeout = Infinity): void {
    for (let done = Atomics.load(ctl, FINISHED); done < count; done = Atomics.load(ctl, FINISHED)) {
      Atomics.wait(ctl, FINISHED, done, timeout);
    }
  }

  /**
   * Leaves no chunk to take in either phase, lets threads waiting for phase
   * one to finish go (to a phase two with nothing left), waits for the
   * chunks taken, and returns the arena block.
   */
  close(): void {
    if (!this.#storage) return;
    const total = this.#layout.chunks, tag = 1 << CHUNK_BITS;
    const [one, two] = [this.#phase(1), this.#phase(2)];
    const taken = [one, two].map((ctl) => {
      for (
        let cur = Atomics.load(ctl, NEXT);
        (cur & (tag - 1)) < total;
        cur = Atomics.load(ctl, NEXT)
      ) {
        if (Atomics.compareExchange(ctl, NEXT, cur, tag | total) === cur) return cur & (tag - 1);
      }
      return total;
    });
    // Phase one's count past any total: its waiters go on (`setupThread`).
    Atomics.add(one, FINISHED, CLOSED);
    Atomics.notify(one, FINISHED);
    this.#wait(one, CLOSED + taken[0], 1);
    this.#wait(two, taken[1], 1);
    this.#storage.dispose();
    this.#storage = undefined;
  }
}
