/**
 * Wasm `cross_entropy`: four rows per v128 lane group (`_ce_rows.ts`), the
 * picked and smoothed terms lane-wise, then per row either a store
 * (`"none"`) or the sums in row order. Same contract and roundings as
 * `kernels/cross_entropy.ts`.
 *
 * @module
 */

import { crossEntropyKernel, type CrossEntropySpec } from "../cross_entropy.ts";
import { emitKernel, type WasmKernel } from "./_emit.ts";
import { emitExp, emitLog } from "./_math.ts";
import { hoistConstants, k } from "./_consts.ts";
import {
  ceCoefficients,
  forClasses,
  forRowGroups,
  ifLane,
  loadAtTargets,
  loadColumn,
} from "./_ce_rows.ts";

/** Emits the fused cross-entropy kernel. */
export function emitCrossEntropy(s: CrossEntropySpec): WasmKernel {
  const name = `cross_entropy ${s.reduction}${s.weighted ? " weighted" : ""}${
    s.smooth ? " smooth" : ""
  }`;
  return emitKernel(name, crossEntropyKernel.sig, s, ({ f, p }) => {
    hoistConstants(f, [emitExp, emitLog], [0, -Infinity]);
    const all = s.reduction !== "none";
    const lo = f.local("i32"), hi = f.local("i32");
    const F = () => f.local("f32"), V = () => f.local("v128");
    const { keepCoef, smoothCoef } = ceCoefficients(f, p);
    const sNll = F(), sSmooth = F(), sW = F();
    const ls = V(), nll = V(), smooth = V(), wt = V(), acc = V(), lp = V();
    if (all) f.i32Const(0).localSet(lo).localGet(p.N).localSet(hi);
    else f.localGet(p.start).localSet(lo).localGet(p.end).localSet(hi);
    /** Pushes `(1 - ε)·nll + (ε / C)·smooth` (`nll` without smoothing) from two pushers. */
    const combine = (n: () => void, sm: () => void, lanes: boolean) => {
      n();
      if (!s.smooth) return;
      if (lanes) {
        f.localGet(keepCoef).f32x4Splat().f32x4Mul();
        sm();
        f.localGet(smoothCoef).f32x4Splat().f32x4Mul().f32x4Add();
      } else {
        f.localGet(keepCoef).f32Mul();
        sm();
        f.localGet(smoothCoef).f32Mul().f32Add();
      }
    };
    forRowGroups(f, p, lo, hi, (g) => {
      emitLog(f, g.s);
      f.localSet(ls);
      // lp[t] = (x[t] - m) - log s; nll = -(w[t]·lp[t]), 0 on ignored rows.
      loadAtTargets(f, g, (q) => f.localGet(g.xs[q])).localGet(g.m).f32x4Sub().localGet(ls);
      f.f32x4Sub().localSet(lp);
      if (s.weighted) loadAtTargets(f, g, () => f.localGet(p.w)).localSet(wt);
      else k(f, 1).localSet(wt);
      if (s.weighted) f.localGet(wt).localGet(lp).f32x4Mul();
      else f.localGet(lp);
      f.f32x4Neg(), k(f, 0).localGet(g.keep).v128Bitselect().localSet(nll);
      f.localGet(wt), k(f, 0).localGet(g.keep).v128Bitselect().localSet(wt);
      if (s.smooth) {
        k(f, 0).localSet(acc);
        forClasses(f, p, g, () => {
          f.localGet(acc);
          if (s.weighted) {
            f.localGet(p.w).localGet(g.c4).i32Add().v128Load32Splat({ align: 4 });
          }
          loadColumn(f, g).localGet(g.m).f32x4Sub().localGet(ls).f32x4Sub();
          if (s.weighted) f.f32x4Mul();
          f.f32x4Add().localSet(acc);
        });
        f.localGet(acc).f32x4Neg(), k(f, 0).localGet(g.keep).v128Bitselect().localSet(smooth);
      }
      for (let q = 0; q < 4; q++) {
        ifLane(f, g, hi, q, () => {
          if (!all) {
            f.localGet(p.out).localGet(g.rows[q]).i32Const(2).i32Shl().i32Add();
            combine(() => f.localGet(nll), () => f.localGet(smooth), true);
            f.v128Store32Lane(q, { align: 4 });
            return;
          }
          f.localGet(sNll).localGet(nll).f32x4ExtractLane(q).f32Add().localSet(sNll);
          if (s.smooth) {
            f.localGet(sSmooth).localGet(smooth).f32x4ExtractLane(q).f32Add().localSet(sSmooth);
          }
          f.localGet(sW).localGet(wt).f32x4ExtractLane(q).f32Add().localSet(sW);
        });
      }
    });
    if (!all) return;
    const per = (x: number) => () => {
      f.localGet(x);
      if (s.reduction === "mean") f.localGet(sW).f32Div();
    };
    f.localGet(p.out);
    combine(per(sNll), per(sSmooth), false);
    f.f32Store({ align: 4 });
  });
}
