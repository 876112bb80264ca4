/**
 * Wasm `row_csr`: the same stable radix sort of (row, position) pairs as
 * `kernels/row_csr.ts`, with the same block layout and output.
 *
 * @module
 */

import { CSR_HISTOGRAM_INTS, rowCsr, type RowCsrSpec } from "../row_csr.ts";
import { addr, emitKernel, forRange, loadI32At, type WasmKernel } from "./_emit.ts";
import { guardBelow } from "./_guard.ts";

/** Emits the grouping kernel for a spec. */
export function emitRowCsr(s: RowCsrSpec): WasmKernel {
  return emitKernel(`row_csr${s.padded ? " padded" : ""}`, rowCsr.sig, s, ({ f, p }) => {
    const l = (name: string) => f.local("i32", name);
    const j = l("j"), k = l("k"), n = l("n"), U = l("U"), prev = l("prev"), maxKey = l("maxKey");
    const rows = l("rows"),
      starts = l("starts"),
      perm = l("perm"),
      scratch = l("scratch"),
      hist = l("hist");
    const keys = l("keys"), pos = l("pos"), keysOut = l("keysOut"), posOut = l("posOut");
    const shift = l("shift"), d = l("d"), sum = l("sum"), at = l("at"), t = l("t");
    // Layout: rows = csr + 4, starts = rows + 4N, perm = starts + 4(N + 1), scratch = perm + 4N, hist = scratch + 4N.
    f.localGet(p.csr).i32Const(4).i32Add().localSet(rows);
    addr(f, rows, p.N, 4).localSet(starts);
    addr(f, starts, p.N, 4).i32Const(4).i32Add().localSet(perm);
    addr(f, perm, p.N, 4).localSet(scratch);
    addr(f, scratch, p.N, 4).localSet(hist);
    // Pairs of the non-padding positions: keys in scratch, positions in perm.
    f.i32Const(0).localSet(n).i32Const(0).localSet(maxKey);
    forRange(f, j, () => f.i32Const(0), () => f.localGet(p.N), (cont) => {
      loadI32At(f, p.idx, j).localSet(k);
      if (s.padded) f.localGet(k).localGet(p.pad).i32Eq().brIf(cont);
      guardBelow(f, () => f.localGet(k), () => f.localGet(p.V));
      addr(f, scratch, n, 4).localGet(k).i32Store({ align: 4 });
      addr(f, perm, n, 4).localGet(j).i32Store({ align: 4 });
      f.localGet(n).i32Const(1).i32Add().localSet(n);
      f.localGet(k).localGet(maxKey).localGet(k).localGet(maxKey).i32GtS().select().localSet(
        maxKey,
      );
    });
    // Radix passes ping-pong between (scratch, perm) and (rows, starts).
    f.localGet(scratch).localSet(keys).localGet(perm).localSet(pos);
    f.localGet(rows).localSet(keysOut).localGet(starts).localSet(posOut);
    f.i32Const(0).localSet(shift);
    const digit = () =>
      f.i32Load({ align: 4 }).localGet(shift).i32ShrU().i32Const(CSR_HISTOGRAM_INTS - 1).i32And();
    f.block((done) => {
      f.loop((pass) => {
        f.localGet(n).i32Eqz().brIf(done);
        f.localGet(shift).i32Const(32).i32GeU().brIf(done);
        f.localGet(shift).i32Const(0).i32Ne().localGet(maxKey).localGet(shift).i32ShrU().i32Eqz()
          .i32And().brIf(done);
        f.localGet(hist).i32Const(0).i32Const(CSR_HISTOGRAM_INTS * 4).memoryFill();
        forRange(f, j, () => f.i32Const(0), () => f.localGet(n), () => {
          addr(f, keys, j, 4);
          digit();
          f.i32Const(4).i32Mul().localGet(hist).i32Add().localTee(at).localGet(at).i32Load({
            align: 4,
          });
          f.i32Const(1).i32Add().i32Store({ align: 4 });
        });
        f.i32Const(0).localSet(sum);
        forRange(f, d, () => f.i32Const(0), () => f.i32Const(CSR_HISTOGRAM_INTS), () => {
          addr(f, hist, d, 4).i32Load({ align: 4 }).localSet(t);
          addr(f, hist, d, 4).localGet(sum).i32Store({ align: 4 });
          f.localGet(sum).localGet(t).i32Add().localSet(sum);
        });
        forRange(f, j, () => f.i32Const(0), () => f.localGet(n), () => {
          addr(f, keys, j, 4);
          digit();
          f.i32Const(4).i32Mul().localGet(hist).i32Add().localTee(at).i32Load({ align: 4 })
            .localSet(t);
          f.localGet(at).localGet(t).i32Const(1).i32Add().i32Store({ align: 4 });
          addr(f, keysOut, t, 4);
          loadI32At(f, keys, j);
          f.i32Store({ align: 4 });
          addr(f, posOut, t, 4);
          loadI32At(f, pos, j);
          f.i32Store({ align: 4 });
        });
        // Swap the buffers, next digit.
        f.localGet(keys).localGet(keysOut).localSet(keys).localSet(keysOut);
        f.localGet(pos).localGet(posOut).localSet(pos).localSet(posOut);
        f.localGet(shift).i32Const(11).i32Add().localSet(shift).br(pass);
      });
    });
    // Sorted positions belong in perm.
    f.localGet(pos).localGet(perm).i32Ne();
    f.if(() => f.localGet(perm).localGet(pos).localGet(n).i32Const(4).i32Mul().memoryCopy());
    // Runs of equal keys become rows and starts (keys may be the rows area: u <= i is safe).
    f.i32Const(0).localSet(U);
    forRange(f, j, () => f.i32Const(0), () => f.localGet(n), (cont) => {
      loadI32At(f, keys, j).localSet(k);
      f.localGet(j).i32Const(0).i32Ne().localGet(k).localGet(prev).i32Eq().i32And().brIf(cont);
      addr(f, rows, U, 4).localGet(k).i32Store({ align: 4 });
      addr(f, starts, U, 4).localGet(j).i32Store({ align: 4 });
      f.localGet(U).i32Const(1).i32Add().localSet(U);
      f.localGet(k).localSet(prev);
    });
    addr(f, starts, U, 4).localGet(n).i32Store({ align: 4 });
    f.localGet(p.csr).localGet(U).i32Store({ align: 4 });
  });
}
