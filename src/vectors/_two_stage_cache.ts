/**
 * What the two-stage search (`_two_stage.ts`) keeps per table: the int8
 * copy, built on first use and dropped with the norms, and the arena buffers
 * its queries reuse; and the table size from which it is used.
 */

import { allocTensor, type Tensor } from "../tensor/tensor.ts";
import { type Int8Table, quantiseRows } from "./_int8_table.ts";

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

/** Internal (tests): the smallest table the two-stage search is used on; returns the old value. */
export function setTwoStageMinRows(rows: number): number {
  const old = minRows;
  minRows = rows;
  return old;
}

/**
 * The two-stage view of a table, built on first use and kept in `cache`
 * (dropped with the norms when the vectors change); `undefined` for a table
 * under the size where it pays.
 */
export async function twoStageOf(
  cache: { int8?: TwoStageTable },
  vectors: Tensor<"float32">,
  norms: () => Tensor<"float32">,
  who: string,
): Promise<TwoStageTable | undefined> {
  if (vectors.shape[0] < minRows) return undefined;
  if (cache.int8) return cache.int8;
  const int8 = await quantiseRows(vectors, who);
  return cache.int8 = { vectors, norms: norms(), int8, scratch: new TwoStageScratch() };
}
