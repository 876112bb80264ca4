/**
 * Wasm `row_csr`: groups positions by row. Distinct rows are found with the
 * zeroed per-row `counts`, sorted by an LSD radix sort (11-bit digits, only
 * as many passes as the largest row needs) using the `starts` area as the
 * ping-pong buffer and 2048 ints after the block as the histogram, then
 * positions are placed by a stable counting pass. Same output as
 * `kernels/row_csr.ts`.
 *
 * @module
 */

import { CSR_HISTOGRAM_INTS, type RowCsrSpec } from "../row_csr.ts";
import { addr, emitKernel, forRange, loadI32At, type WasmKernel } from "./_emit.ts";
import type { CodeBuilder } from "../../src/wasm/code_builder.ts";

/** Histogram entries of a radix pass (2^11). */
const BUCKETS = CSR_HISTOGRAM_INTS;

/** Emits the grouping kernel for a spec. */
export function emitRowCsr(s: RowCsrSpec): WasmKernel {
  const params = [["idx", "i32"], ["N", "i32"], ["pad", "i32"], ["counts", "i32"], [
    "csr",
    "i32",
  ]] as const;
  return emitKernel(`row_csr${s.padded ? " padded" : ""}`, params, ({ f, p }) => {
    const j = f.local("i32", "j"),
      k = f.local("i32", "k"),
      u = f.local("i32", "u"),
      U = f.local("i32", "U");
    const rows = f.local("i32", "rows"),
      starts = f.local("i32", "starts"),
      perm = f.local("i32", "perm");
    const hist = f.local("i32", "hist"),
      maxKey = f.local("i32", "maxKey"),
      shift = f.local("i32", "shift");
    const src = f.local("i32", "src"),
      dst = f.local("i32", "dst"),
      t = f.local("i32", "t"),
      at = f.local("i32", "at");
    const cAddr = () => f.localGet(p.counts).localGet(k).i32Const(4).i32Mul().i32Add();
    // Layout: rows = csr + 4, starts = rows + 4N, perm = starts + 4(N + 1), hist = perm + 4N.
    f.localGet(p.csr).i32Const(4).i32Add().localSet(rows);
    addr(f, rows, p.N, 4).localSet(starts);
    addr(f, starts, p.N, 4).i32Const(4).i32Add().localSet(perm);
    addr(f, perm, p.N, 4).localSet(hist);
    // Pass 1: counts and first-seen distinct rows.
    f.i32Const(0).localSet(U).i32Const(0).localSet(maxKey);
    forRange(f, j, () => f.i32Const(0), () => f.localGet(p.N), (cont) => {
      loadI32At(f, p.idx, j).localSet(k);
      if (s.padded) f.localGet(k).localGet(p.pad).i32Eq().brIf(cont);
      cAddr().i32Load({ align: 4 }).i32Eqz();
      f.if(() => {
        addr(f, rows, U, 4).localGet(k).i32Store({ align: 4 });
        f.localGet(U).i32Const(1).i32Add().localSet(U);
        f.localGet(k).localGet(maxKey).localGet(k).localGet(maxKey).i32GtS().select().localSet(
          maxKey,
        );
      });
      cAddr();
      cAddr().i32Load({ align: 4 }).i32Const(1).i32Add();
      f.i32Store({ align: 4 });
    });
    radixSort(f, { rows, starts, hist, U, maxKey, shift, src, dst, j, k, t, at });
    // starts[u] and per-row write cursors (counts[k] = starts[u]).
    f.localGet(starts).i32Const(0).i32Store({ align: 4 });
    forRange(f, u, () => f.i32Const(0), () => f.localGet(U), () => {
      loadI32At(f, rows, u).localSet(k);
      loadI32At(f, starts, u).localSet(at);
      addr(f, starts, u, 4).localGet(at);
      cAddr().i32Load({ align: 4 }).i32Add().i32Store({ offset: 4, align: 4 });
      cAddr().localGet(at).i32Store({ align: 4 });
    });
    forRange(f, j, () => f.i32Const(0), () => f.localGet(p.N), (cont) => {
      loadI32At(f, p.idx, j).localSet(k);
      if (s.padded) f.localGet(k).localGet(p.pad).i32Eq().brIf(cont);
      cAddr().i32Load({ align: 4 }).localSet(at);
      addr(f, perm, at, 4).localGet(j).i32Store({ align: 4 });
      cAddr().localGet(at).i32Const(1).i32Add().i32Store({ align: 4 });
    });
    forRange(f, u, () => f.i32Const(0), () => f.localGet(U), () => {
      loadI32At(f, rows, u).localSet(k);
      cAddr().i32Const(0).i32Store({ align: 4 });
    });
    f.localGet(p.csr).localGet(U).i32Store({ align: 4 });
  });
}

/** Sorts `rows[0..U)` ascending with LSD radix passes over 11-bit digits. */
function radixSort(
  f: CodeBuilder,
  l: Record<
    "rows" | "starts" | "hist" | "U" | "maxKey" | "shift" | "src" | "dst" | "j" | "k" | "t" | "at",
    number
  >,
): void {
  f.localGet(l.rows).localSet(l.src).localGet(l.starts).localSet(l.dst).i32Const(0).localSet(
    l.shift,
  );
  const digit = () => f.localGet(l.k).localGet(l.shift).i32ShrU().i32Const(BUCKETS - 1).i32And();
  f.block((done) => {
    f.loop((pass) => {
      // Stop once every key's remaining digits are zero (after at least one pass if U > 0).
      f.localGet(l.shift).i32Const(0).i32Ne().localGet(l.maxKey).localGet(l.shift).i32ShrU()
        .i32Eqz().i32And().brIf(done);
      f.localGet(l.U).i32Eqz().brIf(done);
      f.localGet(l.hist).i32Const(0).i32Const(BUCKETS * 4).memoryFill();
      forRange(f, l.j, () => f.i32Const(0), () => f.localGet(l.U), () => {
        loadI32At(f, l.src, l.j).localSet(l.k);
        digit();
        f.i32Const(4).i32Mul().localGet(l.hist).i32Add().localTee(l.at).localGet(l.at).i32Load({
          align: 4,
        });
        f.i32Const(1).i32Add().i32Store({ align: 4 });
      });
      // Exclusive prefix sums.
      f.i32Const(0).localSet(l.t);
      forRange(f, l.j, () => f.i32Const(0), () => f.i32Const(BUCKETS), () => {
        addr(f, l.hist, l.j, 4).i32Load({ align: 4 }).localSet(l.at);
        addr(f, l.hist, l.j, 4).localGet(l.t).i32Store({ align: 4 });
        f.localGet(l.t).localGet(l.at).i32Add().localSet(l.t);
      });
      forRange(f, l.j, () => f.i32Const(0), () => f.localGet(l.U), () => {
        loadI32At(f, l.src, l.j).localSet(l.k);
        digit();
        f.i32Const(4).i32Mul().localGet(l.hist).i32Add().localTee(l.at).i32Load({ align: 4 })
          .localSet(l.t);
        f.localGet(l.at).localGet(l.t).i32Const(1).i32Add().i32Store({ align: 4 });
        addr(f, l.dst, l.t, 4).localGet(l.k).i32Store({ align: 4 });
      });
      // Swap buffers, next digit.
      f.localGet(l.src).localGet(l.dst).localSet(l.src).localSet(l.dst);
      f.localGet(l.shift).i32Const(11).i32Add().localSet(l.shift);
      f.localGet(l.shift).i32Const(32).i32LtU().brIf(pass);
    });
  });
  // The sorted keys are in src; copy them to rows if that is the other buffer.
  f.localGet(l.src).localGet(l.rows).i32Ne();
  f.if(() => f.localGet(l.rows).localGet(l.src).localGet(l.U).i32Const(4).i32Mul().memoryCopy());
}
