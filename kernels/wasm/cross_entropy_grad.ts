/**
 * Wasm `cross_entropy_grad`: the divisor and `Σw` in scalar loops, then
 * four rows per v128 lane group (`_ce_rows.ts`). Same contract and
 * roundings as `kernels/cross_entropy_grad.ts`.
 *
 * @module
 */

import { crossEntropyGrad, type CrossEntropyGradSpec } from "../cross_entropy_grad.ts";
import { emitKernel, forRange, loadI32At, type WasmKernel } from "./_emit.ts";
import { emitExp } from "./_math.ts";
import { hoistConstants, k } from "./_consts.ts";
import { FAULT } from "./_guard.ts";
import {
  ceCoefficients,
  forClasses,
  forRowGroups,
  ifLane,
  loadAtTargets,
  loadColumn,
} from "./_ce_rows.ts";

/** Emits the fused cross-entropy backward kernel. */
export function emitCrossEntropyGrad(s: CrossEntropyGradSpec): WasmKernel {
  const name = `cross_entropy_grad${s.mean ? " mean" : ""}${s.weighted ? " weighted" : ""}${
    s.smooth ? " smooth" : ""
  }`;
  return emitKernel(name, crossEntropyGrad.sig, s, ({ f, p }) => {
    hoistConstants(f, [emitExp], [0, -Infinity, 1]);
    const F = () => f.local("f32"), V = () => f.local("v128");
    const { keepCoef, smoothCoef } = ceCoefficients(f, p);
    const W = F(), wSum = F(), i = f.local("i32");
    const kk = f.local("i32"), A = V(), B = V(), pv = V(), r = V(), d = V();
    if (s.mean) {
      forRange(f, i, () => f.i32Const(0), () => f.localGet(p.N), (cont) => {
        loadI32At(f, p.t, i).localTee(kk).localGet(p.ignoreIndex).i32Eq().brIf(cont);
        f.localGet(kk).localGet(p.C).i32GeU().if(() => f.i32Const(FAULT).return());
        f.localGet(W);
        if (s.weighted) loadI32At(f, p.w, kk).f32ReinterpretI32();
        else f.f32Const(1);
        f.f32Add().localSet(W);
      });
    }
    if (s.weighted) {
      forRange(f, i, () => f.i32Const(0), () => f.localGet(p.C), () => {
        f.localGet(wSum);
        loadI32At(f, p.w, i).f32ReinterpretI32().f32Add().localSet(wSum);
      });
    } else f.localGet(p.C).f32ConvertI32S().localSet(wSum);
    forRowGroups(f, p, p.start, p.end, (g) => {
      // g per lane, divided by W for "mean"; A = g·((1 - ε)·w[t]), B = g·(ε / C).
      const gv = V();
      k(f, 0).localSet(gv);
      for (let q = 0; q < 4; q++) {
        f.localGet(p.g).localGet(g.rows[q]).localGet(p.gStride).i32Mul().i32Const(2).i32Shl();
        f.i32Add().localGet(gv).v128Load32Lane(q, { align: 4 }).localSet(gv);
      }
      if (s.mean) f.localGet(gv).localGet(W).f32x4Splat().f32x4Div().localSet(gv);
      f.localGet(gv).localGet(keepCoef).f32x4Splat();
      if (s.weighted) loadAtTargets(f, g, () => f.localGet(p.w)).f32x4Mul();
      f.f32x4Mul().localSet(A);
      if (s.smooth) f.localGet(gv).localGet(smoothCoef).f32x4Splat().f32x4Mul().localSet(B);
      forClasses(f, p, g, () => {
        loadColumn(f, g).localGet(g.m).f32x4Sub().localSet(d);
        emitExp(f, d);
        f.localGet(g.s).f32x4Div().localTee(pv);
        // p - [c = t]
        f.localGet(g.tv).localGet(g.c).i32x4Splat().i32x4Eq(), k(f, 1).v128And().f32x4Sub();
        f.localGet(A).f32x4Mul().localSet(r);
        if (s.smooth) {
          f.localGet(r).localGet(B).localGet(wSum).f32x4Splat().localGet(pv).f32x4Mul();
          if (s.weighted) f.localGet(p.w).localGet(g.c4).i32Add().v128Load32Splat({ align: 4 });
          else k(f, 1);
          f.f32x4Sub().f32x4Mul().f32x4Add().localSet(r);
        }
        f.localGet(r), k(f, 0).localGet(g.keep).v128Bitselect().localSet(r);
        for (let q = 0; q < 4; q++) {
          ifLane(f, g, p.end, q, () => {
            f.localGet(p.dx).localGet(g.rows[q]).localGet(p.C).i32Mul().i32Const(2).i32Shl();
            f.i32Add().localGet(g.c4).i32Add().localGet(r).v128Store32Lane(q, { align: 4 });
          });
        }
      });
    });
  });
}
