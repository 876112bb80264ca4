/**
 * `row_csr`: groups the non-padding positions of `idx` by row, for coalesced
 * sparse gradients. Writes an int32 block at `csr` laid out for capacity `N`:
 *
 * - `csr[0]`: `U`, the number of distinct rows;
 * - `rows = csr[1 .. 1+N)`: the distinct rows, ascending (first `U` used);
 * - `starts = csr[1+N .. 2+2N)`: row `u` owns `perm[starts[u] .. starts[u+1])`;
 * - `perm = csr[2+2N .. 2+3N)`: positions, grouped by row, in input order
 *   within a row, so sums run in input order;
 * - then `N` int32s of scratch and `CSR_HISTOGRAM_INTS` for the histogram.
 *
 * The pairs (row, position) are sorted with a stable LSD radix sort on the
 * row (11-bit digits, as many passes as the largest row needs), which reads
 * and writes the pairs in order: no array indexed by row, so a table of
 * millions of rows costs nothing (a per-row count array missed the cache on
 * nearly every index).
 *
 * Args: as `SIG` names them. Units: one task.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({ idx: "i32*", N: "int", pad: "int", csr: "i32*", V: "int" });

/** Histogram int32s at the end of a csr block (one per 11-bit digit). */
export const CSR_HISTOGRAM_INTS = 2048;

/** Int32s of a csr block for `N` indices. */
export function csrInts(N: number): number {
  return 4 * N + 2 + CSR_HISTOGRAM_INTS;
}

/** Static spec of `row_csr`. */
export type RowCsrSpec = { readonly padded: boolean };

function rowCsrJs(h: Heap, s: RowCsrSpec, a: JsArgs<typeof SIG>): number {
  const i32 = h.i32;
  // Without padding, pad is 0.5: no int32 equals it, so every index (even -1) is checked.
  const { idx, N, csr, V } = a, pad = s.padded ? a.pad : 0.5;
  const rows = csr + 1,
    starts = rows + N,
    perm = starts + N + 1,
    scratch = perm + N,
    hist = scratch + N;
  // Pairs (row, position) of the non-padding positions: keys in scratch, positions in perm.
  let n = 0, maxKey = 0;
  for (let j = 0; j < N; j++) {
    const k = i32[idx + j];
    if (k === pad) continue;
    if (k >>> 0 >= V) return 1;
    i32[scratch + n] = k;
    i32[perm + n++] = j;
    if (k > maxKey) maxKey = k;
  }
  // Radix passes ping-pong between (scratch, perm) and (rows, starts).
  let keys = scratch, pos = perm, keysOut = rows, posOut = starts;
  for (let shift = 0; n > 0 && shift < 32 && (shift === 0 || maxKey >>> shift !== 0); shift += 11) {
    i32.fill(0, hist, hist + 2048);
    for (let i = 0; i < n; i++) i32[hist + ((i32[keys + i] >>> shift) & 2047)]++;
    for (let d = 0, sum = 0; d < 2048; d++) {
      const c = i32[hist + d];
      i32[hist + d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = hist + ((i32[keys + i] >>> shift) & 2047), t = i32[at]++;
      i32[keysOut + t] = i32[keys + i];
      i32[posOut + t] = i32[pos + i];
    }
    [keys, keysOut, pos, posOut] = [keysOut, keys, posOut, pos];
  }
  if (pos !== perm) i32.copyWithin(perm, pos, pos + n);
  // Runs of equal keys become rows and starts (keys may be the rows area: u <= i, so this is safe).
  let U = 0, prev = -1;
  for (let i = 0; i < n; i++) {
    const k = i32[keys + i];
    if (i === 0 || k !== prev) {
      i32[rows + U] = k;
      i32[starts + U++] = i;
      prev = k;
    }
  }
  i32[starts + U] = n;
  i32[csr] = U;
  return 0;
}

/** The coalescing (group-by-row) kernel. */
export const rowCsr: Kernel<RowCsrSpec, typeof SIG> = {
  name: "row_csr",
  sig: SIG,
  unit: "task",
  js: rowCsrJs,
};
