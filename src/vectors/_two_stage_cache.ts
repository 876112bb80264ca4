/**
 * What the two-stage search (`_two_stage.ts`) keeps per table: the int8
 * copy and the arena buffers its queries reuse; the table size from which
 * it is used; and when the copy is built.
 *
 * The copy is built the way one decides between renting and buying (the
 * ski-rental rule): a table's queries scan the float32 table in one stage
 * until the time they have spent doing so reaches what building the copy is
 * expected to cost, and the next query builds it. A table queried a few
 * times never pays for a copy (on this project's 2-core VM building one for
 * a 200,000 × 300 table took 350–410 ms at a quiet moment, most of it the
 * first touch of its 60 MB of fresh pages, against 70–90 ms for gensim's
 * first query and 4–8 ms for a one-stage scan); a table queried many times
 * spends at most about twice what it would have spent with the copy built
 * at once. Both stages give the same results bit for bit, so the rule only
 * moves time.
 */

import { allocTensor, type Tensor } from "../tensor/tensor.ts";
import { int8Bytes, type Int8Table, quantiseRows } from "./_int8_table.ts";

/** Arena buffers of one table's two-stage searches (the queries run one at a time). */
export class TwoStageScratch {
  #buffers = new Map<string, Tensor>();

  /** A float32 buffer of at least `n` elements, kept for the next search. */
  f32(name: string, n: number, who: string): Tensor<"float32"> {
    return this.#get(name, n, "float32", who) as Tensor<"float32">;
  }

  /** An int32 buffer of at least `n` elements. */
  i32(name: string, n: number, who: string): Tensor<"int32"> {
    return this.#get(name, n, "int32", who) as Tensor<"int32">;
  }

  #get(name: string, n: number, dtype: "float32" | "int32", who: string) {
    const old = this.#buffers.get(name);
    if (old && old.shape[0] >= n) return old;
    const t = allocTensor([Math.max(n, 1)], dtype, who);
    this.#buffers.set(name, t);
    return t;
  }
}

/** What the search reads: the float32 table and norms, and the int8 copy. */
export interface TwoStageTable {
  readonly vectors: Tensor<"float32">;
  readonly norms: Tensor<"float32">;
  readonly int8: Int8Table;
  readonly scratch: TwoStageScratch;
}

/** Tables with fewer rows are scanned in one stage (the int8 copy would not pay for itself). */
let minRows = 32_768;

/**
 * Expected cost of building an int8 copy, in nanoseconds per byte of it:
 * a prior (about 125 ms for a 200,000 × 300 table), then what the last
 * build in this process took.
 */
let buildNsPerByte = 2;

/** Internal (tests): the smallest table the two-stage search is used on; returns the old value. */
export function setTwoStageMinRows(rows: number): number {
  const old = minRows;
  minRows = rows;
  return old;
}

/**
 * Internal (tests, benchmarks): the expected build cost in ns per byte of
 * the copy (0 builds it on the first query); returns the old value.
 */
export function setTwoStageBuildCost(nsPerByte: number): number {
  const old = buildNsPerByte;
  buildNsPerByte = nsPerByte;
  return old;
}

/**
 * What a table keeps until its values change: the row norms, the unit rows,
 * the int8 copy once built, and the one-stage scan time spent before.
 */
export interface TableCache {
  norms?: Tensor<"float32">;
  normed?: Tensor<"float32">;
  int8?: TwoStageTable;
  /** Milliseconds of one-stage scans since the table (or its values) was last changed. */
  scanned?: number;
}

/** A one-stage scan of the table that the copy would have served took `ms`. */
export function noteOneStageScan(cache: TableCache, ms: number): void {
  cache.scanned = (cache.scanned ?? 0) + ms;
}

/**
 * The two-stage view of a table, kept in `cache` (dropped with the norms
 * when the vectors change); `undefined` for a table under the size where it
 * pays, or while its one-stage scans have cost less than building the copy
 * is expected to (see the module comment).
 */
export async function twoStageOf(
  cache: TableCache,
  vectors: Tensor<"float32">,
  norms: () => Tensor<"float32">,
  who: string,
): Promise<TwoStageTable | undefined> {
  const [V, D] = vectors.shape;
  if (V < minRows) return undefined;
  if (cache.int8) return cache.int8;
  if ((cache.scanned ?? 0) * 1e6 < int8Bytes(V, D) * buildNsPerByte) return undefined;
  const t0 = performance.now();
  const int8 = await quantiseRows(vectors, who);
  buildNsPerByte = (performance.now() - t0) * 1e6 / int8.bytes;
  return cache.int8 = { vectors, norms: norms(), int8, scratch: new TwoStageScratch() };
}
