/**
 * Wasm `bag_argmax`: per-dimension winners of max bags (values and positions
 * in paired v128 registers, first entry wins ties). Same contract as
 * `kernels/bag_argmax.ts`.
 *
 * @module
 */

import type { BagArgmaxSpec } from "../bag_argmax.ts";
import {
  addr,
  bagEnd,
  emitKernel,
  forChunk,
  forRange,
  loadI32At,
  rowShape,
  storeSink,
  tailOffset,
  touchNextBag,
  type WasmKernel,
} from "./_emit.ts";
import { TUNING } from "./_tuning.ts";

/** Emits the arg-max kernel for a spec. */
export function emitBagArgmax(s: BagArgmaxSpec): WasmKernel {
  const { D, padded } = s;
  const shape = rowShape(D, Math.max(1, TUNING.chunk >> 1));
  const params = [["W", "i32"], ["idx", "i32"], ["off", "i32"], ["nOff", "i32"], ["N", "i32"], [
    "argmax",
    "i32",
  ], ["pad", "i32"]] as const;
  return emitKernel(`bag_argmax D=${D}${padded ? " padded" : ""}`, params, ({ f, p }) => {
    const b = f.local("i32", "b"), first = f.local("i32", "first"), last = f.local("i32", "last");
    const j = f.local("i32", "j"), row = f.local("i32", "row"), o = f.local("i32", "o");
    const count = f.local("i32", "count"), x = f.local("v128", "x"), m = f.local("v128", "m");
    const xs = f.local("f32", "xs");
    const ti = f.local("i32", "ti"),
      tEnd = f.local("i32", "tEnd"),
      tRow = f.local("i32", "tRow"),
      sink = f.local("i32", "sink");
    const width = Math.max(...shape.chunks.map((c) => c.length), 0);
    const val = Array.from({ length: width }, (_, i) => f.local("v128", `val${i}`));
    const pos = Array.from({ length: width }, (_, i) => f.local("v128", `pos${i}`));
    const tv = Array.from({ length: shape.tail }, (_, t) => f.local("f32", `tv${t}`));
    const tp = Array.from({ length: shape.tail }, (_, t) => f.local("i32", `tp${t}`));
    const vload = (v: number) => f.localGet(row).v128Load({ offset: 16 * v, align: shape.align });
    const sload = (t: number) => f.localGet(row).f32Load({ offset: tailOffset(shape, t) });

    forRange(f, b, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      loadI32At(f, p.off, b).localSet(first);
      bagEnd(f, p, b);
      f.localSet(last);
      addr(f, p.argmax, b, D * 4).localSet(o);
      if (s.touch) {
        touchNextBag(
          f,
          p,
          { b, i: ti, end: tEnd, row: tRow, sink },
          D,
          TUNING.aheadRows,
          TUNING.aheadLines,
        );
      }
      shape.chunks.forEach((_, c) => {
        f.i32Const(0).localSet(count);
        forRange(f, j, () => f.localGet(first), () => f.localGet(last), (cont) => {
          f.localGet(p.W);
          loadI32At(f, p.idx, j);
          if (padded) f.localTee(row).localGet(p.pad).i32Eq().brIf(cont).localGet(row);
          f.i32Const(D * 4).i32Mul().i32Add().localSet(row);
          f.localGet(count).i32Eqz();
          f.if(
            () =>
              forChunk(shape, c, (v, k) => {
                vload(v).localSet(val[k]);
                f.localGet(j).i32x4Splat().localSet(pos[k]);
              }, (t) => {
                sload(t).localSet(tv[t]);
                f.localGet(j).localSet(tp[t]);
              }),
            () =>
              forChunk(shape, c, (v, k) => {
                vload(v).localTee(x).localGet(val[k]).f32x4Gt().localSet(m);
                f.localGet(x).localGet(val[k]).localGet(m).v128Bitselect().localSet(val[k]);
                f.localGet(j).i32x4Splat().localGet(pos[k]).localGet(m).v128Bitselect().localSet(
                  pos[k],
                );
              }, (t) => {
                sload(t).localTee(xs).localGet(tv[t]).f32Gt();
                f.if(() => {
                  f.localGet(xs).localSet(tv[t]);
                  f.localGet(j).localSet(tp[t]);
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
    storeSink(f, sink);
  });
}
