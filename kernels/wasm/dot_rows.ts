/**
 * Wasm `dot_rows`: `out[r] = dot(W[r], q) / norms[r]` with four v128
 * accumulators, the row fully unrolled. Same contract and summation order as
 * `kernels/dot_rows.ts`.
 *
 * @module
 */

import { dotRows, type DotRowsSpec } from "../dot_rows.ts";
import { addr, emitKernel, forRange, type WasmKernel } from "./_emit.ts";

/** Emits the row-scoring kernel for a row width. */
export function emitDotRows(s: DotRowsSpec): WasmKernel {
  const { D } = s;
  const vectors = D >> 2, align = D % 4 === 0 ? 16 : 4;
  return emitKernel(`dot_rows D=${D}`, dotRows.sig, s, ({ f, p }) => {
    const r = f.local("i32", "r"), row = f.local("i32", "row");
    const acc = [0, 1, 2, 3].map((k) => f.local("v128", `a${k}`));
    const sv = f.local("v128", "s"), sum = f.local("f32", "sum");
    forRange(f, r, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      addr(f, p.W, r, D * 4).localSet(row);
      for (const a of acc) f.f32Const(0).f32x4Splat().localSet(a);
      for (let v = 0; v < vectors; v++) {
        const a = acc[v & 3];
        f.localGet(a);
        f.localGet(row).v128Load({ offset: 16 * v, align });
        f.localGet(p.q).v128Load({ offset: 16 * v, align: 4 });
        f.f32x4Mul().f32x4Add().localSet(a);
      }
      f.localGet(acc[0]).localGet(acc[1]).f32x4Add();
      f.localGet(acc[2]).localGet(acc[3]).f32x4Add();
      f.f32x4Add().localSet(sv);
      f.localGet(sv).f32x4ExtractLane(0).localGet(sv).f32x4ExtractLane(2).f32Add();
      f.localGet(sv).f32x4ExtractLane(1).localGet(sv).f32x4ExtractLane(3).f32Add();
      f.f32Add().localSet(sum);
      for (let d = vectors * 4; d < D; d++) {
        f.localGet(sum);
        f.localGet(row).f32Load({ offset: 4 * d });
        f.localGet(p.q).f32Load({ offset: 4 * d });
        f.f32Mul().f32Add().localSet(sum);
      }
      addr(f, p.out, r, 4);
      f.localGet(sum);
      addr(f, p.norms, r, 4).f32Load();
      f.f32Div().f32Store();
    });
  });
}
