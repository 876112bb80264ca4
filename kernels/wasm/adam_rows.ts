/**
 * Wasm `adam_rows`: the Adam row update with f32x4 (`f32x4.sqrt` and
 * `f32x4.div` are correctly rounded, so the results equal the JS reference
 * bit for bit); tail lanes go through the same vector code one lane at a
 * time (`load32_zero` / `store32_lane`). Same contract as
 * `kernels/adam_rows.ts`.
 *
 * @module
 */

import { adamRows, type AdamRowsSpec } from "../adam_rows.ts";
import { addr, emitKernel, forRange, loadI32At, rowShape, type WasmKernel } from "./_emit.ts";
import { guardBelow } from "./_guard.ts";

const SCALARS = ["beta1", "c1", "beta2", "c2", "sqrtBc2", "eps", "step"] as const;

/** Emits the Adam row-update kernel for a spec. */
export function emitAdamRows(s: AdamRowsSpec): WasmKernel {
  const { D, dense } = s;
  const shape = rowShape(D, 1 << 30);
  return emitKernel(`adam_rows D=${D}${dense ? " dense" : ""}`, adamRows.sig, s, ({ f, p }) => {
    const u = f.local("i32", "u"), r = f.local("i32", "r"), g = f.local("i32", "g");
    const w = f.local("i32", "w"), mAt = f.local("i32", "mAt"), vAt = f.local("i32", "vAt");
    const gv = f.local("v128", "gv"), m = f.local("v128", "m"), v = f.local("v128", "v");
    const k = Object.fromEntries(SCALARS.map((n) => [n, f.local("v128", n)]));
    for (const n of SCALARS) f.localGet(p[n]).f32DemoteF64().f32x4Splat().localSet(k[n]);
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
      load(g).localSet(gv);
      load(mAt).localGet(k.beta1).f32x4Mul().localGet(k.c1).localGet(gv).f32x4Mul().f32x4Add()
        .localSet(m);
      load(vAt).localGet(k.beta2).f32x4Mul();
      f.localGet(k.c2).localGet(gv).localGet(gv).f32x4Mul().f32x4Mul().f32x4Add().localSet(v);
      store(mAt, m);
      store(vAt, v);
      // w + step * (m / (sqrt(v) / sqrt(bc2) + eps))
      load(w).localGet(k.step).localGet(m);
      f.localGet(v).f32x4Sqrt().localGet(k.sqrtBc2).f32x4Div().localGet(k.eps).f32x4Add();
      f.f32x4Div().f32x4Mul().f32x4Add().localSet(m);
      store(w, m);
    };
    forRange(f, u, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      if (dense) f.localGet(u);
      else loadI32At(f, p.rows, u);
      f.localSet(r);
      guardBelow(f, () => f.localGet(r), () => f.localGet(p.V));
      f.localGet(r).i32Const(D * 4).i32Mul().localSet(r);
      addr(f, p.G, u, D * 4).localSet(g);
      f.localGet(p.W).localGet(r).i32Add().localSet(w);
      f.localGet(p.M).localGet(r).i32Add().localSet(mAt);
      f.localGet(p.V2).localGet(r).i32Add().localSet(vAt);
      for (let i = 0; i < shape.vectors; i++) lanes(16 * i, true);
      for (let t = 0; t < shape.tail; t++) lanes(16 * shape.vectors + 4 * t, false);
    });
  });
}
