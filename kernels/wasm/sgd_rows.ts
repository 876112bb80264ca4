/**
 * Wasm `sgd_rows`: `W[r] += (-lr) * G[u]` with f32x4 (same rounding as the
 * JS reference). Same contract as `kernels/sgd_rows.ts`.
 *
 * @module
 */

import { sgdRows, type SgdRowsSpec } from "../sgd_rows.ts";
import {
  addr,
  emitKernel,
  forRange,
  loadI32At,
  rowShape,
  tailOffset,
  type WasmKernel,
} from "./_emit.ts";
import { guardBelow } from "./_guard.ts";

/** Emits the SGD row-update kernel for a spec. */
export function emitSgdRows(s: SgdRowsSpec): WasmKernel {
  const { D, dense } = s;
  const shape = rowShape(D, 1 << 30);
  return emitKernel(`sgd_rows D=${D}${dense ? " dense" : ""}`, sgdRows.sig, s, ({ f, p }) => {
    const u = f.local("i32", "u"), w = f.local("i32", "w"), g = f.local("i32", "g");
    const alpha = f.local("v128", "alpha");
    f.localGet(p.lr).f64Neg().f32DemoteF64().f32x4Splat().localSet(alpha);
    forRange(f, u, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      if (dense) f.localGet(u);
      else loadI32At(f, p.rows, u);
      f.localSet(w);
      guardBelow(f, () => f.localGet(w), () => f.localGet(p.V));
      f.localGet(p.W).localGet(w).i32Const(D * 4).i32Mul().i32Add().localSet(w);
      addr(f, p.G, u, D * 4).localSet(g);
      for (let v = 0; v < shape.vectors; v++) {
        f.localGet(w).localGet(w).v128Load({ offset: 16 * v, align: shape.align });
        f.localGet(alpha).localGet(g).v128Load({ offset: 16 * v, align: shape.align }).f32x4Mul()
          .f32x4Add();
        f.v128Store({ offset: 16 * v, align: shape.align });
      }
      for (let t = 0; t < shape.tail; t++) {
        const at = tailOffset(shape, t);
        f.localGet(w).localGet(w).f32Load({ offset: at });
        f.localGet(alpha).f32x4ExtractLane(0).localGet(g).f32Load({ offset: at }).f32Mul().f32Add();
        f.f32Store({ offset: at });
      }
    });
  });
}
