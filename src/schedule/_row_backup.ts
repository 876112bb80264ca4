/**
 * The undo copy of an in-place row update (`maxNorm`): the distinct table
 * rows the indices refer to, saved once each, so the copy is bounded by the
 * table and by the number of distinct indices, not by the number of indices
 * (4M lookups into a 50,000-row table save at most 50,000 rows, not 4M).
 *
 * @module
 */

import type { Heap } from "../memory/arena.ts";

/** Saved rows: which, their values, and how to write them back. */
export interface RowBackup {
  /** The distinct rows saved, in first-seen order. */
  readonly rows: Int32Array;
  /** `rows.length × D` floats. */
  readonly values: Float32Array;
  /** Writes the saved rows back into the table. */
  restore(): void;
}

/**
 * The distinct values of `ids[0..n)` that lie in `[0, V)` (indices are
 * validated before they get here; one changed since is left to the kernels'
 * guards). A bit per row when the table is small next to `n`, else an
 * open-addressing hash set sized to `n`: linear either way.
 */
export function distinctRows(i32: Int32Array, ids: number, n: number, V: number): Int32Array {
  const out = new Int32Array(Math.min(n, V));
  let count = 0;
  if (V <= 64 * n) {
    const seen = new Uint32Array((V + 31) >>> 5);
    for (let j = 0; j < n; j++) {
      const k = i32[ids + j];
      if (k < 0 || k >= V) continue;
      const bit = 1 << (k & 31);
      if ((seen[k >>> 5] & bit) === 0) {
        seen[k >>> 5] |= bit;
        out[count++] = k;
      }
    }
  } else {
    const mask = (1 << Math.ceil(Math.log2(2 * n + 2))) - 1;
    const slots = new Int32Array(mask + 1).fill(-1);
    for (let j = 0; j < n; j++) {
      const k = i32[ids + j];
      if (k < 0 || k >= V) continue;
      let h = Math.imul(k, 0x9e3779b1) & mask;
      while (slots[h] !== -1 && slots[h] !== k) h = (h + 1) & mask;
      if (slots[h] === -1) {
        slots[h] = k;
        out[count++] = k;
      }
    }
  }
  return out.slice(0, count);
}

/**
 * Saves the rows of the `[V, D]` table at float offset `w` that the `n`
 * indices at int offset `ids` refer to. `heap()` gives the arena's current
 * views (the arena may grow between the backup and a restore).
 */
export function backupRows(
  heap: () => Heap,
  w: number,
  ids: number,
  n: number,
  V: number,
  D: number,
): RowBackup {
  const { f32, i32 } = heap();
  const rows = distinctRows(i32, ids, n, V);
  const values = new Float32Array(rows.length * D);
  for (let r = 0; r < rows.length; r++) {
    values.set(f32.subarray(w + rows[r] * D, w + (rows[r] + 1) * D), r * D);
  }
  return {
    rows,
    values,
    restore(): void {
      const now = heap().f32;
      for (let r = 0; r < rows.length; r++) {
        now.set(values.subarray(r * D, (r + 1) * D), w + rows[r] * D);
      }
    },
  };
}
