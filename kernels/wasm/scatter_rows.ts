/**
 * Wasm `scatter_rows`: the dense gradient, owner-computes over table rows.
 * Same contract as `kernels/scatter_rows.ts`.
 *
 * @module
 */

import { scatterRows, type ScatterRowsSpec } from "../scatter_rows.ts";
import { addr, emitKernel, forRange, loadI32At, rowShape, type WasmKernel } from "./_emit.ts";
import { guardBelow } from "./_guard.ts";
import { emitAddGrad, gradLocals } from "./_grad_source.ts";

/** Emits the dense gradient kernel for a spec. */
export function emitScatterRows(s: ScatterRowsSpec): WasmKernel {
  const { D, source, freq, padded, update } = s;
  const shape = rowShape(D, 1 << 30);
  const name = `scatter_rows D=${D} ${source}${freq ? " freq" : ""}${padded ? " padded" : ""}` +
    (update ? " update" : "");
  return emitKernel(name, scatterRows.sig, s, ({ f, p }) => {
    const j = f.local("i32", "j"), k = f.local("i32", "k"), o = f.local("i32", "o");
    const l = gradLocals(f, j, o, update === true);
    if (update) {
      // Check every index before the first write; then alpha, rounded to float32 once.
      forRange(f, j, () => f.i32Const(0), () => f.localGet(p.N), (cont) => {
        loadI32At(f, p.idx, j).localSet(k);
        if (padded) f.localGet(k).localGet(p.pad).i32Eq().brIf(cont);
        guardBelow(f, () => f.localGet(k), () => f.localGet(p.V));
      });
      f.localGet(p.alpha).f32DemoteF64().localTee(l.a).f32x4Splat().localSet(l.av);
    } else {
      // Zero the rows this launch owns.
      addr(f, p.out, p.start, D * 4);
      f.i32Const(0);
      f.localGet(p.end).localGet(p.start).i32Sub().i32Const(D * 4).i32Mul();
      f.memoryFill();
    }
    forRange(f, j, () => f.i32Const(0), () => f.localGet(p.N), (cont) => {
      loadI32At(f, p.idx, j).localSet(k);
      if (padded) f.localGet(k).localGet(p.pad).i32Eq().brIf(cont);
      guardBelow(f, () => f.localGet(k), () => f.localGet(p.V));
      // Skip rows owned by others: (k - start) >=u (end - start).
      f.localGet(k).localGet(p.start).i32Sub();
      f.localGet(p.end).localGet(p.start).i32Sub().i32GeU().brIf(cont);
      addr(f, p.out, k, D * 4).localSet(o);
      emitAddGrad(f, p, l, shape, D, source, freq);
    });
  });
}
