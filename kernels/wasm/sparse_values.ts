/**
 * Wasm `sparse_values`: row-sparse gradient values, uncoalesced (units:
 * positions) or coalesced (units: distinct rows, summing each row's positions
 * in input order). Same contract as `kernels/sparse_values.ts`.
 *
 * @module
 */

import { sparseValues, type SparseValuesSpec } from "../sparse_values.ts";
import {
  addr,
  emitKernel,
  forRange,
  loadI32At,
  rowShape,
  type WasmKernel,
  zeroRow,
} from "./_emit.ts";
import { guardBelow } from "./_guard.ts";
import { emitAddGrad, gradLocals } from "./_grad_source.ts";

/** Emits the sparse values kernel for a spec. */
export function emitSparseValues(s: SparseValuesSpec): WasmKernel {
  const { D, source, freq, padded, coalesced } = s;
  const shape = rowShape(D, 1 << 30);
  const name = `sparse_values D=${D} ${source}${freq ? " freq" : ""}${padded ? " padded" : ""}${
    coalesced ? " coalesced" : ""
  }`;
  return emitKernel(name, sparseValues.sig, s, ({ f, p }) => {
    const j = f.local("i32", "j"), row = f.local("i32", "row"), o = f.local("i32", "o");
    const u = f.local("i32", "u"), q = f.local("i32", "q"), qEnd = f.local("i32", "qEnd");
    const starts = f.local("i32", "starts"), perm = f.local("i32", "perm");
    const l = gradLocals(f, j, o);
    if (!coalesced) {
      f.localGet(p.start).localSet(row);
      if (padded) {
        forRange(f, j, () => f.i32Const(0), () => f.localGet(p.start), () => {
          loadI32At(f, p.idx, j).localGet(p.pad).i32Eq();
          f.if(() => f.localGet(row).i32Const(1).i32Sub().localSet(row));
        });
      }
      forRange(f, j, () => f.localGet(p.start), () => f.localGet(p.end), (cont) => {
        if (padded) loadI32At(f, p.idx, j).localGet(p.pad).i32Eq().brIf(cont);
        guardBelow(f, () => f.localGet(row), () => f.localGet(p.nOut));
        addr(f, p.out, row, D * 4).localSet(o);
        f.localGet(row).i32Const(1).i32Add().localSet(row);
        zeroRow(f, o, D);
        emitAddGrad(f, p, l, shape, D, source, freq);
      });
      return;
    }
    // starts = csr + (1 + N) * 4, perm = csr + (2 + 2N) * 4
    f.localGet(p.csr).localGet(p.N).i32Const(1).i32Add().i32Const(4).i32Mul().i32Add().localSet(
      starts,
    );
    f.localGet(p.csr).localGet(p.N).i32Const(2).i32Mul().i32Const(2).i32Add().i32Const(4).i32Mul()
      .i32Add().localSet(perm);
    forRange(f, u, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      addr(f, p.out, u, D * 4).localSet(o);
      zeroRow(f, o, D);
      addr(f, starts, u, 4).i32Load({ offset: 4, align: 4 }).localSet(qEnd);
      forRange(f, q, () => loadI32At(f, starts, u), () => f.localGet(qEnd), () => {
        loadI32At(f, perm, q).localSet(j);
        emitAddGrad(f, p, l, shape, D, source, freq);
      });
    });
  });
}
