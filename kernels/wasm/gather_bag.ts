/**
 * Wasm `gather_bag`: the fused bag forward, specialised on D, mode, weights
 * and padding. Each bag is reduced chunk by chunk of its row (up to
 * `tuning.chunk` v128 accumulators live in registers), adding rows in bag
 * order so results equal the JS reference bit for bit. On cold tables, each
 * bag starts by touching the rows of the next bag to keep several in flight
 * (see `touchNextBag`). Same contract as `kernels/gather_bag.ts`.
 *
 * @module
 */

import { gatherBag, type GatherBagSpec } from "../gather_bag.ts";
import { addr, emitKernel, forChunk, rowShape, tailOffset, type WasmKernel } from "./_emit.ts";
import { bagLocals, forEachBag, forEachRowOfBag } from "./_rows_emit.ts";
import { type KernelTuning, TUNING } from "./_tuning.ts";

/** Emits the bag forward kernel for a spec. */
export function emitGatherBag(s: GatherBagSpec, tuning: KernelTuning = TUNING): WasmKernel {
  const { D, mode, weighted, padded } = s;
  const shape = rowShape(D, tuning.chunk);
  const max = mode === "max", mean = mode === "mean";
  const name = `gather_bag D=${D} ${mode}${weighted ? " weighted" : ""}${padded ? " padded" : ""}`;
  return emitKernel(name, gatherBag.sig, s, (e) => {
    const { f, p } = e;
    const l = bagLocals(f), o = f.local("i32", "o"), count = f.local("i32", "count");
    const w = f.local("f32", "w"), wv = f.local("v128", "wv");
    const x = f.local("v128", "x"), xs = f.local("f32", "xs");
    const width = shape.chunks[0].length; // the first chunk is the longest
    const acc = Array.from({ length: width }, (_, i) => f.local("v128", `acc${i}`));
    const tail = Array.from({ length: shape.tail }, (_, t) => f.local("f32", `t${t}`));
    const vload = (v: number) => f.localGet(l.row).v128Load({ offset: 16 * v, align: shape.align });
    const sload = (t: number) => f.localGet(l.row).f32Load({ offset: tailOffset(shape, t) });
    const zero = (c: number) =>
      forChunk(
        shape,
        c,
        (_v, k) => f.v128ConstF32x4([0, 0, 0, 0]).localSet(acc[k]),
        (t) => f.f32Const(0).localSet(tail[t]),
      );
    const touch = { on: s.touch === true, rows: tuning.aheadRows, lines: tuning.aheadLines };

    forEachBag(e, l, D, touch, () => {
      addr(f, p.out, l.b, D * 4).localSet(o);
      shape.chunks.forEach((_, c) => {
        if (!max) zero(c);
        if (max || mean) f.i32Const(0).localSet(count);
        forEachRowOfBag(e, l, D, padded, () => {
          if (weighted) addr(f, p.psw, l.j, 4).f32Load().localTee(w).f32x4Splat().localSet(wv);
          if (max) {
            // The first row sets the maximum; later rows replace it only where strictly greater.
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
          f.if(() => zero(c));
        }
        forChunk(shape, c, (v, k) => {
          f.localGet(o).localGet(acc[k]).v128Store({ offset: 16 * v, align: shape.align });
        }, (t) => f.localGet(o).localGet(tail[t]).f32Store({ offset: tailOffset(shape, t) }));
      });
    });
  });
}
