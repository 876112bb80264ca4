/**
 * Wasm `bag_argmax`: per-dimension winners of max bags (values and positions
 * in paired v128 registers, first entry wins ties). Same contract as
 * `kernels/bag_argmax.ts`.
 *
 * @module
 */

import { bagArgmax, type BagArgmaxSpec } from "../bag_argmax.ts";
import { addr, emitKernel, forChunk, rowShape, tailOffset, type WasmKernel } from "./_emit.ts";
import { bagLocals, forEachBag, forEachRowOfBag } from "./_rows_emit.ts";
import { TUNING } from "./_tuning.ts";

/** Emits the arg-max kernel for a spec. */
export function emitBagArgmax(s: BagArgmaxSpec): WasmKernel {
  const { D, padded } = s;
  const shape = rowShape(D, Math.max(1, TUNING.chunk >> 1));
  return emitKernel(`bag_argmax D=${D}${padded ? " padded" : ""}`, bagArgmax.sig, s, (e) => {
    const { f, p } = e;
    const l = bagLocals(f), o = f.local("i32", "o"), count = f.local("i32", "count");
    const x = f.local("v128", "x"), m = f.local("v128", "m"), xs = f.local("f32", "xs");
    const width = shape.chunks[0].length; // the first chunk is the longest
    const val = Array.from({ length: width }, (_, i) => f.local("v128", `val${i}`));
    const pos = Array.from({ length: width }, (_, i) => f.local("v128", `pos${i}`));
    const tv = Array.from({ length: shape.tail }, (_, t) => f.local("f32", `tv${t}`));
    const tp = Array.from({ length: shape.tail }, (_, t) => f.local("i32", `tp${t}`));
    const vload = (v: number) => f.localGet(l.row).v128Load({ offset: 16 * v, align: shape.align });
    const sload = (t: number) => f.localGet(l.row).f32Load({ offset: tailOffset(shape, t) });
    const touch = { on: s.touch === true, rows: TUNING.aheadRows, lines: TUNING.aheadLines };

    forEachBag(e, l, D, touch, () => {
      addr(f, p.argmax, l.b, D * 4).localSet(o);
      shape.chunks.forEach((_, c) => {
        f.i32Const(0).localSet(count);
        forEachRowOfBag(e, l, D, padded, () => {
          f.localGet(count).i32Eqz();
          f.if(
            () =>
              forChunk(shape, c, (v, k) => {
                vload(v).localSet(val[k]);
                f.localGet(l.j).i32x4Splat().localSet(pos[k]);
              }, (t) => {
                sload(t).localSet(tv[t]);
                f.localGet(l.j).localSet(tp[t]);
              }),
            () =>
              forChunk(shape, c, (v, k) => {
                vload(v).localTee(x).localGet(val[k]).f32x4Gt().localSet(m);
                f.localGet(x).localGet(val[k]).localGet(m).v128Bitselect().localSet(val[k]);
                f.localGet(l.j).i32x4Splat().localGet(pos[k]).localGet(m).v128Bitselect().localSet(
                  pos[k],
                );
              }, (t) => {
                sload(t).localTee(xs).localGet(tv[t]).f32Gt();
                f.if(() => {
                  f.localGet(xs).localSet(tv[t]);
                  f.localGet(l.j).localSet(tp[t]);
                });
              }),
          );
          f.localGet(count).i32Const(1).i32Add().localSet(count);
        });
        f.localGet(count).i32Eqz();
        f.if(() =>
          forChunk(
            shape,
            c,
            (_v, k) => f.v128ConstI32x4([-1, -1, -1, -1]).localSet(pos[k]),
            (t) => f.i32Const(-1).localSet(tp[t]),
          )
        );
        forChunk(
          shape,
          c,
          (v, k) =>
            f.localGet(o).localGet(pos[k]).v128Store({ offset: 16 * v, align: shape.align }),
          (t) => f.localGet(o).localGet(tp[t]).i32Store({ offset: tailOffset(shape, t) }),
        );
      });
    });
  });
}
