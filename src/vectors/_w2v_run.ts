/**
 * The Word2Vec training loop: initial vectors, then per epoch the corpus in
 * chunks, each chunk split into tasks that the Worker pool trains at once
 * without locks (Hogwild, as word2vec.c and gensim do). The next chunk is
 * prepared on the calling thread while the Workers train the current one.
 *
 * @module
 */

import { arena } from "../memory/arena.ts";
import { Storage } from "../memory/storage.ts";
import { Random } from "../tensor/random.ts";
import { allocTensor, type Tensor, tensorInternals } from "../tensor/tensor.ts";
import { backend } from "../runtime/backend.ts";
import { currentExecutor } from "../runtime/config.ts";
import { runNowOrQueue } from "../runtime/realize_nodes.ts";
import { scratchFloats, w2vTrain, type W2vTrainSpec } from "../../kernels/w2v_train.ts";
import { launcher } from "../schedule/_launcher.ts";
import { type Corpus, type Vocab } from "./_vocab.ts";
import { type Chunk, chunkBuffers, chunksOf, MAX_SENTENCE } from "./_w2v_chunks.ts";
import type { ResolvedWord2VecOptions } from "./_w2v_options.ts";

/** Kept positions per chunk: a few per second of work, enough for progress and overlap. */
const CHUNK = 1 << 17;

/** The trained tables. */
export interface Trained {
  readonly vectors: Tensor<"float32">;
  readonly syn1neg: Tensor<"float32">;
}

const ptrOf = (t: Tensor) => tensorInternals().nodeOf(t).storage!.ptr;

/** Input vectors uniform in `(-1, 1) / D` (gensim 4's `prep_vectors`), output vectors zero. */
function initialTables(V: number, D: number, rng: Random, who: string): Trained {
  const vectors = allocTensor([V, D], "float32", who);
  const syn1neg = allocTensor([V, D], "float32", who);
  const f32 = arena().heap.f32;
  const w = ptrOf(vectors) >>> 2, n = V * D;
  for (let k = 0; k < n; k++) f32[w + k] = (rng.uniform() * 2 - 1) / D;
  f32.fill(0, ptrOf(syn1neg) >>> 2, (ptrOf(syn1neg) >>> 2) + n);
  return { vectors, syn1neg };
}

/** word2vec.c's sigmoid table. */
function expTable(who: string): Storage {
  const s = Storage.alloc(1000 * 4, who);
  const f32 = arena().heap.f32, at = s.ptr >>> 2;
  for (let i = 0; i < 1000; i++) {
    const e = Math.exp((i / 1000 * 2 - 1) * 6);
    f32[at + i] = e / (e + 1);
  }
  return s;
}

/** Trains vectors for a vocabulary over `epochs` passes of the corpus. */
export async function trainVectors(
  corpus: Corpus,
  vocab: Vocab,
  o: ResolvedWord2VecOptions,
  who: string,
): Promise<Trained> {
  const V = vocab.words.length, D = o.vectorSize, tasks = o.workers;
  const rng = new Random(o.seed);
  const tables = initialTables(V, D, rng, who);
  const cum = Storage.alloc(V * 4, who);
  arena().heap.i32.set(vocab.cum, cum.ptr >>> 2);
  const exp = expTable(who);
  const capacity = Math.max(MAX_SENTENCE, Math.min(CHUNK, vocab.rawWords));
  const buffers = [chunkBuffers(capacity, who), chunkBuffers(capacity, who)] as const;
  // One launch is in flight at a time (the next chunk fills meanwhile): one task table.
  const taskBuf = Storage.alloc(16 * tasks, who);
  const spec: W2vTrainSpec = { D, sg: o.sg, negative: o.negative, cbowMean: o.cbowMean };
  const scratch = Storage.alloc(4 * scratchFloats(spec) * tasks, who);
  const total = vocab.rawWords * o.epochs;
  const alphaAt = (done: number) =>
    Math.max(o.minAlpha, o.alpha - (o.alpha - o.minAlpha) * (total > 0 ? done / total : 1));
  const started = performance.now();
  let done = 0, pending: Promise<void> | undefined;
  const report = (epoch: number, words: number) => {
    const seconds = Math.max(1e-9, (performance.now() - started) / 1000);
    o.onProgress?.({
      epoch,
      epochs: o.epochs,
      progress: total > 0 ? words / total : 1,
      words,
      wordsPerSecond: words / seconds,
      alpha: alphaAt(words),
    });
  };
  const bind = launcher(w2vTrain, spec);
  const launch = (chunk: Chunk): Promise<void> => {
    const N = chunk.positions, t32 = arena().heap.i32, at = taskBuf.ptr >>> 2;
    for (let t = 0; t < tasks; t++) {
      t32[at + 4 * t] = Math.round((N * t) / tasks);
      t32[at + 4 * t + 1] = Math.round((N * (t + 1)) / tasks);
      t32[at + 4 * t + 2] = rng.nextUint32() & 0xffffff;
      t32[at + 4 * t + 3] = rng.nextUint32() & 0xffffff;
    }
    const b = chunk.buffers, from = done, to = (done += chunk.rawWords);
    const args = {
      tok: b.tok.ptr,
      lo: b.lo.ptr,
      hi: b.hi.ptr,
      syn0: ptrOf(tables.vectors),
      syn1: ptrOf(tables.syn1neg),
      cum: cum.ptr,
      V,
      exp: exp.ptr,
      tasks: taskBuf.ptr,
      scratch: scratch.ptr,
      N: Math.max(1, N),
      a0: alphaAt(from),
      a1: alphaAt(to),
    };
    const work = N * D * (o.negative + 1) * o.window;
    const exec = currentExecutor();
    return runNowOrQueue(() =>
      exec.run(w2vTrain.name, spec, bind(args, N === 0 ? 0 : tasks, "even", work))
    ).then(() => report(chunk.epoch, to));
  };
  try {
    const pass = { window: o.window, shrinkWindows: o.shrinkWindows, sample: o.sample };
    for await (const chunk of chunksOf(corpus, vocab, pass, rng, buffers, o.epochs, who)) {
      await pending;
      pending = launch(chunk);
    }
    await pending;
  } catch (err) {
    await pending?.catch(() => {});
    throw err;
  } finally {
    for (const s of [cum, exp, scratch, taskBuf, ...buffers.flatMap((b) => [b.tok, b.lo, b.hi])]) {
      s.dispose();
    }
  }
  return tables;
}

/** The default number of parallel tasks: one per Worker, or 1 without Workers. */
export function defaultWorkers(): number {
  const info = backend();
  return info.executor === "workers" ? info.workers : 1;
}
