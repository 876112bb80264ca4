/**
 * The numeric core of `KeyedVectors` queries: gensim's weighted mean of unit
 * vectors, row scores `dot(vectors[r], q) / norms[r]` computed by the
 * `dot_rows` kernel (Wasm SIMD, split across the Worker pool for large
 * vocabularies), and a top-k selection over the scores.
 */

import { allocTensor, type Tensor, tensorInternals } from "../tensor/tensor.ts";
import { tensor } from "../tensor/creation.ts";
import { currentExecutor, currentSyncExecutor } from "../runtime/config.ts";
import { launcher } from "../schedule/_launcher.ts";
import { dotRows } from "../../kernels/dot_rows.ts";
import { rowNorms as rowNormsKernel } from "../../kernels/row_norms.ts";

/** Byte offset of a realized tensor's storage in the arena. */
export function ptrOf(t: Tensor): number {
  return tensorInternals().nodeOf(t).storage!.ptr;
}

/**
 * Float32 L2 norms of the `V` rows of a `[V, D]` table, as a `[V]` tensor,
 * computed by the `row_norms` kernel on the calling thread.
 */
export function rowNorms(vectors: Tensor<"float32">, who: string): Tensor<"float32"> {
  vectors.dataSync();
  const { out, run } = normsRun(vectors, who);
  withTablePtr(vectors, who, (W) => currentSyncExecutor().run(...run(W, "single")));
  return out;
}

/** `rowNorms()` on the current executor: split across the Worker pool for large tables. */
export async function rowNormsAsync(
  vectors: Tensor<"float32">,
  who: string,
): Promise<Tensor<"float32">> {
  await vectors.data();
  const { out, run } = normsRun(vectors, who);
  await withTablePtr(vectors, who, (W) => currentExecutor().run(...run(W, "even")));
  return out;
}

/** The norms' output tensor, and the executor arguments of the `row_norms` launch writing it. */
function normsRun(vectors: Tensor<"float32">, who: string) {
  const [V, D] = vectors.shape, spec = { D }, out = allocTensor([V], "float32", who);
  const launch = launcher(rowNormsKernel, spec);
  const run = (W: number, split: "single" | "even") =>
    [rowNormsKernel.name, spec, launch({ W, out: ptrOf(out) }, V, split, V * D)] as const;
  return { out, run };
}

/**
 * Arena buffers reused by one table's queries (a fresh block per query
 * would be fresh pages to fault in), and a queue that runs the queries one
 * at a time so that they can share them.
 */
export class Scratch {
  #q: Tensor<"float32"> | undefined;
  #out: Tensor<"float32"> | undefined;
  #tail: Promise<unknown> = Promise.resolve();

  /** A `[D]` query buffer and a `[V]` scores buffer. */
  buffers(D: number, V: number, who: string): [Tensor<"float32">, Tensor<"float32">] {
    if (this.#q?.shape[0] !== D) this.#q = allocTensor([D], "float32", who);
    if (this.#out?.shape[0] !== V) this.#out = allocTensor([V], "float32", who);
    return [this.#q, this.#out];
  }

  /** Runs `task` once the previous task has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(task, task);
    this.#tail = next.catch(() => {});
    return next;
  }
}

/** What scoring needs: the table, its row norms, and the query buffers. */
export interface ScoreTable {
  readonly vectors: Tensor<"float32">;
  readonly norms: Tensor<"float32">;
  readonly scratch: Scratch;
}

/**
 * Runs `work` with the arena address of a table's data, kept alive meanwhile:
 * a table spilled to the heap (see `src/memory/storage.ts`) is copied into
 * the arena for the kernels, and the copy dropped after.
 */
export function withTablePtr<T>(
  vectors: Tensor<"float32">,
  who: string,
  work: (ptr: number) => T,
): T {
  const table = tensorInternals().nodeOf(vectors).storage!;
  const staged = table.spilled ? table.stage(who) : -1;
  table.retain();
  const done = () => {
    if (staged >= 0) table.unstage(staged, false);
    table.unretain();
  };
  let out: T;
  try {
    out = work(staged >= 0 ? staged : table.ptr);
  } catch (e) {
    done();
    throw e;
  }
  if (out instanceof Promise) return out.finally(done) as T;
  done();
  return out;
}

/**
 * `scores[r] = dot(vectors[r], q) / norms[r]` for rows `[0, rows)`, run by
 * the `dot_rows` kernel on the current executor.
 *
 * @returns A view of the scratch scores buffer, valid until the next scoring.
 */
export async function scoreRows(
  t: ScoreTable,
  query: Float32Array,
  rows: number,
  who: string,
): Promise<Float32Array> {
  const [V, D] = t.vectors.shape;
  const [q, out] = t.scratch.buffers(D, V, who);
  q.dataSync().set(query);
  const spec = { D };
  await withTablePtr(t.vectors, who, async (W) => {
    const args = { W, q: ptrOf(q), norms: ptrOf(t.norms), out: ptrOf(out) };
    await currentExecutor().run(
      dotRows.name,
      spec,
      launcher(dotRows, spec)(args, rows, "even", rows * D),
    );
  });
  return out.dataSync().subarray(0, rows);
}

/**
 * Indices of the `k` largest scores in `[0, n)`, best first (equal scores:
 * lower index first), skipping `exclude` and NaN scores.
 */
export function topK(scores: Float32Array, n: number, k: number, exclude: Set<number>): number[] {
  const idx: number[] = [], val: number[] = [];
  let floor = -Infinity;
  for (let r = 0; r < n; r++) {
    const s = scores[r];
    if (!(s >= floor) || (idx.length === k && s === floor) || exclude.has(r)) continue;
    let at = idx.length;
    while (at > 0 && val[at - 1] < s) at--;
    idx.splice(at, 0, r);
    val.splice(at, 0, s);
    if (idx.length > k) {
      idx.pop();
      val.pop();
    }
    if (idx.length === k) floor = val[k - 1];
  }
  return idx;
}

/** `x / |x|` in float32 (gensim's `unitvec`); a zero vector stays zero. */
export function unitVec(x: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  const n = Math.fround(Math.sqrt(s));
  return n > 0 ? x.map((v) => v / n) : x.slice();
}

/** The table divided row by row by its norms, a new tensor (gensim's `get_normed_vectors`). */
export function normedCopy(
  vectors: Tensor<"float32">,
  norms: Tensor<"float32">,
): Tensor<"float32"> {
  const out = tensor(vectors.dataSync().slice(), { shape: vectors.shape });
  const w = out.dataSync(), n = norms.dataSync(), D = vectors.shape[1];
  for (let i = 0; i < w.length; i++) w[i] /= n[(i / D) | 0];
  return out;
}

/** `dot(x, y)` summed in float64, rounded to float32 (gensim's `similarity` of unit vectors). */
export function dotF32(x: Float32Array, y: Float32Array): number {
  let s = 0;
  for (let d = 0; d < x.length; d++) s += x[d] * y[d];
  return Math.fround(s);
}
