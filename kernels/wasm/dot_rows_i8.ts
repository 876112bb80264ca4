/**
 * Wasm `dot_rows_i8`: `out[r] = f32(sum_d W[r, d] * q[d]) * scale[r]` over
 * int8 rows and an int16 query, 16 bytes of a row at a time: two
 * `v128.load8x8_s` widen them to 16-bit lanes, `i32x4.dot_i16x8_s` multiplies
 * by the query and adds pairs, into four int32 accumulators. Same contract as
 * `kernels/dot_rows_i8.ts` (the integer sum is exact, so its order is free).
 *
 * @module
 */

import { dotRowsI8, type DotRowsI8Spec } from "../dot_rows_i8.ts";
import { addr, emitKernel, forRange, type WasmKernel } from "./_emit.ts";

/** Emits the int8 row-scoring kernel for a padded row width `P` (a multiple of 16). */
export function emitDotRowsI8(s: DotRowsI8Spec): WasmKernel {
  const { P } = s;
  return emitKernel(`dot_rows_i8 P=${P}`, dotRowsI8.sig, s, ({ f, p }) => {
    const r = f.local("i32", "r"), row = f.local("i32", "row");
    const acc = [0, 1, 2, 3].map((k) => f.local("v128", `a${k}`));
    const sv = f.local("v128", "s");
    forRange(f, r, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      addr(f, p.W, r, P).localSet(row);
      for (const a of acc) f.i32Const(0).i32x4Splat().localSet(a);
      for (let h = 0; h < P / 8; h++) {
        const a = acc[h & 3];
        f.localGet(a);
        f.localGet(row).v128Load8x8S({ offset: 8 * h, align: 8 });
        f.localGet(p.q).v128Load({ offset: 16 * h, align: 2 });
        f.i32x4DotI16x8S().i32x4Add().localSet(a);
      }
      f.localGet(acc[0]).localGet(acc[1]).i32x4Add();
      f.localGet(acc[2]).localGet(acc[3]).i32x4Add();
      f.i32x4Add().localSet(sv);
      addr(f, p.out, r, 4);
      f.localGet(sv).i32x4ExtractLane(0).localGet(sv).i32x4ExtractLane(1).i32Add();
      f.localGet(sv).i32x4ExtractLane(2).localGet(sv).i32x4ExtractLane(3).i32Add();
      f.i32Add().f32ConvertI32S();
      addr(f, p.scale, r, 4).f32Load();
      f.f32Mul().f32Store();
    });
  });
}
