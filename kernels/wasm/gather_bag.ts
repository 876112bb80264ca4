/**
 * Wasm `gather_bag`: the fused bag forward, specialised on D, mode, weights
 * and padding. Each bag is reduced chunk by chunk of its row (up to
 * `tuning.chunk` v128 accumulators live in registers), adding rows in bag
 * order so results equal the JS reference bit for bit. To keep several rows
 * in flight, each bag starts by touching the rows of the next bag (see
 * `touchNextBag`). Same contract as `kernels/gather_bag.ts`.
 *
 * @module
 */

import type { GatherBagSpec } from "../gather_bag.ts";
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
import { type KernelTuning, TUNING } from "./_tuning.ts";

/** Emits the bag forward kernel for a spec. */
export function emitGatherBag(s: GatherBagSpec, tuning: KernelTuning = TUNING): WasmKernel {
  const { D, mode, weighted, padded } = s;
  const shape = rowShape(D, tuning.chunk);
  const max = mode === "max", mean = mode === "mean";
  const params = [["W", "i32"], ["idx", "i32"], ["off", "i32"], ["nOff", "i32"], ["N", "i32"], [
    "psw",
    "i32",
  ], [
    "out",
    "i32",
  ], ["pad", "i32"]] as const;
  const name = `gather_bag D=${D} ${mode}${weighted ? " weighted" : ""}${padded ? " padded" : ""}`;
  return emitKernel(name, params, ({ f, p }) => {
    const b = f.local("i32", "b"), first = f.local("i32", "first"), last = f.local("i32", "last");
    const j = f.local("i32", "j"), row = f.local("i32", "row"), o = f.local("i32", "o");
    const count = f.local("i32", "count"), w = f.local("f32", "w"), wv = f.local("v128", "wv");
    const x = f.local("v128", "x"), xs = f.local("f32", "xs");
    const ti = f.local("i32", "ti"),
      tEnd = f.local("i32", "tEnd"),
      tRow = f.local("i32", "tRow"),
      sink = f.local("i32", "sink");
    const acc = Array.from(
      { length: Math.max(...shape.chunks.map((c) => c.length), 0) },
      (_, i) => f.local("v128", `acc${i}`),
    );
    const tail = Array.from({ length: shape.tail }, (_, t) => f.local("f32", `t${t}`));
    const vload = (v: number) => f.localGet(row).v128Load({ offset: 16 * v, align: shape.align });
    const sload = (t: number) => f.localGet(row).f32Load({ offset: tailOffset(shape, t) });

    forRange(f, b, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      loadI32At(f, p.off, b).localSet(first);
      bagEnd(f, p, b);
      f.localSet(last);
      addr(f, p.out, b, D * 4).localSet(o);
      if (s.touch) {
        touchNextBag(
          f,
          p,
          { b, i: ti, end: tEnd, row: tRow, sink },
          D,
          tuning.aheadRows,
          tuning.aheadLines,
        );
      }
      shape.chunks.forEach((_, c) => {
        if (!max) {
          forChunk(
            shape,
            c,
            (_v, k) => f.v128ConstF32x4([0, 0, 0, 0]).localSet(acc[k]),
            (t) => f.f32Const(0).localSet(tail[t]),
          );
        }
        if (max || mean) f.i32Const(0).localSet(count);
        forRange(f, j, () => f.localGet(first), () => f.localGet(last), (cont) => {
          f.localGet(p.W);
          loadI32At(f, p.idx, j);
          if (padded) f.localTee(row).localGet(p.pad).i32Eq().brIf(cont).localGet(row);
          f.i32Const(D * 4).i32Mul().i32Add().localSet(row);
          if (weighted) {
            addr(f, p.psw, j, 4).f32Load().localTee(w).f32x4Splat().localSet(wv);
          }
          if (max) {
            f.localGet(count).i32Eqz();
            f.if(
              () =>
                forChunk(
                  shape,
                  c,
                  (v, k) => vload(v).localSet(acc[k]),
                  (t) => sload(t).localSet(tail[t]),
                ),
              () =>
                forChunk(shape, c, (v, k) => {
                  vload(v).localTee(x).localGet(acc[k]).localGet(x).localGet(acc[k]).f32x4Gt()
                    .v128Bitselect().localSet(acc[k]);
                }, (t) => {
                  sload(t).localTee(xs).localGet(tail[t]).localGet(xs).localGet(tail[t]).f32Gt()
                    .select().localSet(tail[t]);
                }),
            );
          } else {
            forChunk(shape, c, (v, k) => {
              f.localGet(acc[k]);
              vload(v);
              if (weighted) f.localGet(wv).f32x4Mul();
              f.f32x4Add().localSet(acc[k]);
            }, (t) => {
              f.localGet(tail[t]);
              sload(t);
              if (weighted) f.localGet(w).f32Mul();
              f.f32Add().localSet(tail[t]);
            });
          }
          if (max || mean) f.localGet(count).i32Const(1).i32Add().localSet(count);
        });
        if (mean) {
          f.localGet(count).i32Const(0).i32GtS();
          f.if(() =>
            forChunk(
              shape,
              c,
              (_v, k) => {
                f.localGet(acc[k]).localGet(count).f32ConvertI32S().f32x4Splat().f32x4Div()
                  .localSet(acc[k]);
              },
              (t) =>
                f.localGet(tail[t]).localGet(count).f32ConvertI32S().f32Div().localSet(tail[t]),
            )
          );
        }
        if (max) {
          f.localGet(count).i32Eqz();
          f.if(() =>
            forChunk(
              shape,
              c,
              (_v, k) => f.v128ConstF32x4([0, 0, 0, 0]).localSet(acc[k]),
              (t) => f.f32Const(0).localSet(tail[t]),
            )
          );
        }
        forChunk(shape, c, (v, k) => {
          f.localGet(o).localGet(acc[k]).v128Store({ offset: 16 * v, align: shape.align });
        }, (t) => f.localGet(o).localGet(tail[t]).f32Store({ offset: tailOffset(shape, t) }));
      });
    });

    storeSink(f, sink);
  });
}
