/**
 * Wasm `sparse_indices`: the rows of a row-sparse gradient. Same contract as
 * `kernels/sparse_indices.ts`.
 *
 * @module
 */

import { sparseIndices, type SparseIndicesSpec } from "../sparse_indices.ts";
import { addr, emitKernel, forRange, loadI32At, type WasmKernel } from "./_emit.ts";
import { FAULT, guardBelow } from "./_guard.ts";

/** Emits the sparse indices kernel for a spec. */
export function emitSparseIndices(s: SparseIndicesSpec): WasmKernel {
  return emitKernel(
    `sparse_indices${s.padded ? " padded" : ""}${s.coalesced ? " coalesced" : ""}`,
    sparseIndices.sig,
    s,
    ({ f, p }) => {
      if (s.coalesced) {
        // U distinct rows must fit the output: U <=u nOut.
        f.localGet(p.csr).i32Load({ align: 4 }).localGet(p.nOut).i32GtU();
        f.if(() => f.i32Const(FAULT).return());
        f.localGet(p.out).localGet(p.csr).i32Const(4).i32Add();
        f.localGet(p.csr).i32Load({ align: 4 }).i32Const(4).i32Mul().memoryCopy();
        return;
      }
      const j = f.local("i32", "j"), n = f.local("i32", "n"), k = f.local("i32", "k");
      f.i32Const(0).localSet(n);
      forRange(f, j, () => f.i32Const(0), () => f.localGet(p.N), (cont) => {
        loadI32At(f, p.idx, j).localSet(k);
        if (s.padded) f.localGet(k).localGet(p.pad).i32Eq().brIf(cont);
        guardBelow(f, () => f.localGet(k), () => f.localGet(p.V));
        guardBelow(f, () => f.localGet(n), () => f.localGet(p.nOut));
        addr(f, p.out, n, 4).localGet(k).i32Store({ align: 4 });
        f.localGet(n).i32Const(1).i32Add().localSet(n);
      });
    },
  );
}
