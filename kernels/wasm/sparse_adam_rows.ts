/**
 * Wasm `sparse_adam_rows`: SparseAdam's row update with f32x4 (`f32x4.sqrt`
 * and `f32x4.div` are correctly rounded, so the results equal the JS
 * reference bit for bit); tail lanes go through the same vector code one
 * lane at a time (`load32_zero` / `store32_lane`). With `touch` (a cold
 * table), rows go in groups and the rows of group g + 1 are touched in the
 * table and both moment tables before group g is updated, to keep several
 * rows in flight (see `touchRows`). Same contract as
 * `kernels/sparse_adam_rows.ts`.
 *
 * @module
 */

import { sparseAdamRows, type SparseAdamRowsSpec } from "../sparse_adam_rows.ts";
import { addr, emitKernel, forRange, loadI32At, rowShape, type WasmKernel } from "./_emit.ts";
import { guardBelow } from "./_guard.ts";
import { storeSink, touchRows } from "./_rows_emit.ts";
import { type KernelTuning, TUNING } from "./_tuning.ts";

const SCALARS = ["sign", "c1", "c2", "eps", "step"] as const;

/** Emits the SparseAdam row-update kernel for a spec. */
export function emitSparseAdamRows(
  s: SparseAdamRowsSpec,
  tuning: KernelTuning = TUNING,
): WasmKernel {
  const { D } = s, touch = (s.touch ?? false) && tuning.aheadRows > 0;
  const shape = rowShape(D, 1 << 30), G = Math.max(1, tuning.group);
  const name = `sparse_adam_rows D=${D}${touch ? " touch" : ""}`;
  return emitKernel(name, sparseAdamRows.sig, s, ({ f, p }) => {
    const i32 = (n: string) => f.local("i32", n), v128 = (n: string) => f.local("v128", n);
    const [u, r, g, w, mAt, vAt] = ["u", "r", "g", "w", "mAt", "vAt"].map(i32);
    const [grp, gEnd, ti, tEnd, tRow, sink] = ["grp", "gEnd", "ti", "tEnd", "tRow", "sink"].map(
      i32,
    );
    const [gv, om, ov, m, v] = ["gv", "om", "ov", "m", "v"].map(v128);
    const k = Object.fromEntries(SCALARS.map((n) => [n, v128(n)]));
    for (const n of SCALARS) f.localGet(p[n]).f32DemoteF64().f32x4Splat().localSet(k[n]);
    const clamp = (local: number) =>
      f.localGet(local).localGet(p.end).localGet(local).localGet(p.end).i32LtS().select()
        .localSet(local);
    /** The update of 4 lanes (vector) or 1 lane (tail) at byte offset `at` of the row. */
    const lanes = (at: number, vector: boolean) => {
      const load = (base: number) =>
        vector
          ? f.localGet(base).v128Load({ offset: at, align: 4 })
          : f.localGet(base).v128Load32Zero({ offset: at, align: 4 });
      const store = (base: number, value: number) => {
        f.localGet(base).localGet(value);
        if (vector) f.v128Store({ offset: at, align: 4 });
        else f.v128Store32Lane(0, { offset: at, align: 4 });
      };
      load(g).localGet(k.sign).f32x4Mul().localSet(gv);
      load(mAt).localSet(om);
      load(vAt).localSet(ov);
      // m = om + (g - om) * c1; v = ov + (g * g - ov) * c2
      f.localGet(om).localGet(gv).localGet(om).f32x4Sub().localGet(k.c1).f32x4Mul().f32x4Add()
        .localSet(m);
      f.localGet(ov).localGet(gv).localGet(gv).f32x4Mul().localGet(ov).f32x4Sub().localGet(k.c2)
        .f32x4Mul().f32x4Add().localSet(v);
      store(mAt, m);
      store(vAt, v);
      // w + (m / (sqrt(v) + eps)) * step
      load(w).localGet(m).localGet(v).f32x4Sqrt().localGet(k.eps).f32x4Add().f32x4Div();
      f.localGet(k.step).f32x4Mul().f32x4Add().localSet(m);
      store(w, m);
    };
    const update = () => {
      loadI32At(f, p.rows, u).localSet(r);
      guardBelow(f, () => f.localGet(r), () => f.localGet(p.V));
      f.localGet(r).i32Const(D * 4).i32Mul().localSet(r);
      addr(f, p.G, u, D * 4).localSet(g);
      f.localGet(p.W).localGet(r).i32Add().localSet(w);
      f.localGet(p.M).localGet(r).i32Add().localSet(mAt);
      f.localGet(p.V2).localGet(r).i32Add().localSet(vAt);
      for (let i = 0; i < shape.vectors; i++) lanes(16 * i, true);
      for (let t = 0; t < shape.tail; t++) lanes(16 * shape.vectors + 4 * t, false);
    };
    if (!touch) {
      forRange(f, u, () => f.localGet(p.start), () => f.localGet(p.end), update);
      return;
    }
    f.localGet(p.start).localSet(grp);
    f.block((done) => {
      f.loop((top) => {
        f.localGet(grp).localGet(p.end).i32GeS().brIf(done);
        f.localGet(grp).i32Const(G).i32Add().localSet(gEnd);
        clamp(gEnd);
        for (const table of [p.W, p.M, p.V2]) {
          f.localGet(gEnd).localSet(ti);
          f.localGet(gEnd).i32Const(G).i32Add().localSet(tEnd);
          clamp(tEnd);
          const l = { W: table, idx: p.rows, i: ti, end: tEnd, row: tRow, sink, V: p.V };
          touchRows(f, l, D, tuning.aheadLines);
        }
        forRange(f, u, () => f.localGet(grp), () => f.localGet(gEnd), update);
        f.localGet(gEnd).localSet(grp).br(top);
      });
    });
    storeSink(f, sink);
  });
}
