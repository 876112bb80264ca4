/**
 * Wasm `reduce_arg`: argmax / argmin over the middle axis of `[outer, r,
 * inner]`. Across columns it keeps values and indices in paired v128
 * registers (chunks of 4 and 1 vectors, then single columns); along a
 * contiguous row (`inner == 1`, `r >= 8`) each lane scans every fourth value
 * and the four lane winners combine, ties going to the lower index. Same
 * contract as `kernels/reduce_arg.ts` (the answer is order-free).
 *
 * @module
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import { reduceArg, type ReduceArgSpec } from "../reduce_arg.ts";
import { emitKernel, forRange, type WasmKernel } from "./_emit.ts";
import { forOutputRuns, whileAtLeast as atLeast } from "./_middle_axis.ts";

const WIDE = 4;

/** Emits `v beats b` (strictly better, or a NaN over a number) for v128 lanes or f32 locals. */
function beats(f: CodeBuilder, max: boolean, v: () => void, b: () => void, lanes: boolean): void {
  v();
  b();
  if (lanes) {
    max ? f.f32x4Gt() : f.f32x4Lt();
    v();
    v();
    f.f32x4Ne();
    b();
    b();
    f.f32x4Eq().v128And().v128Or();
  } else {
    max ? f.f32Gt() : f.f32Lt();
    v();
    v();
    f.f32Ne();
    b();
    b();
    f.f32Eq().i32And().i32Or();
  }
}

/** Emits the argmax (`op: "max"`) or argmin kernel. */
export function emitReduceArg(s: ReduceArgSpec): WasmKernel {
  const max = s.op === "max";
  return emitKernel(`reduce_arg op=${s.op}`, reduceArg.sig, s, ({ f, p }) => {
    const i = (n: string) => f.local("i32", n);
    const u = i("u"), o = i("o"), c1 = i("c1"), n = i("n"), dst = i("dst"), src = i("src");
    const j = i("j"), at = i("at"), stride = i("stride"), k = i("k"), bi = i("bi");
    const val = Array.from({ length: WIDE }, (_, q) => f.local("v128", `val${q}`));
    const pos = Array.from({ length: WIDE }, (_, q) => f.local("v128", `pos${q}`));
    const xv = f.local("v128", "xv"), m = f.local("v128", "m"), jv = f.local("v128", "jv");
    const xs = f.local("f32", "xs"), bs = f.local("f32", "bs");

    // Columns: `width` v128 (0: one f32) at `src`, winners stored at `dst`.
    const columns = (width: number) => {
      const lanes = width > 0, count = Math.max(width, 1), bytes = lanes ? 16 * count : 4;
      for (let q = 0; q < count; q++) {
        if (lanes) {
          f.localGet(src).v128Load({ offset: 16 * q, align: 4 }).localSet(val[q]);
          f.v128ConstI32x4([0, 0, 0, 0]).localSet(pos[q]);
        } else f.localGet(src).f32Load().localSet(bs).i32Const(0).localSet(bi);
      }
      f.localGet(src).localSet(at);
      forRange(f, j, () => f.i32Const(1), () => f.localGet(p.r), () => {
        f.localGet(at).localGet(stride).i32Add().localSet(at);
        if (lanes) f.localGet(j).i32x4Splat().localSet(jv);
        for (let q = 0; q < count; q++) {
          if (!lanes) {
            f.localGet(at).f32Load().localSet(xs);
            beats(f, max, () => f.localGet(xs), () => f.localGet(bs), false);
            f.if(() => f.localGet(xs).localSet(bs).localGet(j).localSet(bi));
            continue;
          }
          f.localGet(at).v128Load({ offset: 16 * q, align: 4 }).localSet(xv);
          beats(f, max, () => f.localGet(xv), () => f.localGet(val[q]), true);
          f.localSet(m);
          f.localGet(xv).localGet(val[q]).localGet(m).v128Bitselect().localSet(val[q]);
          f.localGet(jv).localGet(pos[q]).localGet(m).v128Bitselect().localSet(pos[q]);
        }
      });
      for (let q = 0; q < count; q++) {
        f.localGet(dst);
        if (lanes) f.localGet(pos[q]).v128Store({ offset: 16 * q, align: 4 });
        else f.localGet(bi).i32Store();
      }
      f.localGet(dst).i32Const(bytes).i32Add().localSet(dst);
      f.localGet(src).i32Const(bytes).i32Add().localSet(src);
      f.localGet(n).i32Const(bytes >> 2).i32Sub().localSet(n);
    };
    const whileAtLeast = (cols: number, body: () => void) => atLeast(f, n, cols, body);

    const general = () => {
      forOutputRuns(f, p, { u, o, c1, n, dst, src, stride }, () => {
        whileAtLeast(4 * WIDE, () => columns(WIDE));
        whileAtLeast(4, () => columns(1));
        whileAtLeast(1, () => columns(0));
      });
    };
    const l = { u, at, k, bi, xs, bs, xv, m, jv, val: val[0], pos: pos[0] };
    const empty = () =>
      forRange(f, u, () => f.localGet(p.start), () => f.localGet(p.end), () => {
        f.localGet(p.out).localGet(u).i32Const(4).i32Mul().i32Add().i32Const(-1).i32Store();
      });
    f.localGet(p.r).i32Eqz();
    f.if(empty, () => {
      f.localGet(p.inner).i32Const(1).i32Eq().localGet(p.r).i32Const(8).i32GeS().i32And();
      f.if(() => rows(f, p, max, l), general);
    });
  });
}

/** The `inner == 1`, `r >= 8` path: one row per unit, lanes then a tail. */
function rows(
  f: CodeBuilder,
  p: Readonly<Record<string, number>>,
  max: boolean,
  l: Record<"u" | "at" | "k" | "bi" | "xs" | "bs" | "xv" | "m" | "jv" | "val" | "pos", number>,
): void {
  // V8 rebuilds a v128 constant at each use: the lanes' step is a local.
  const four = f.local("v128", "four");
  f.v128ConstI32x4([4, 4, 4, 4]).localSet(four);
  forRange(f, l.u, () => f.localGet(p.start), () => f.localGet(p.end), () => {
    f.localGet(p.x).localGet(l.u).localGet(p.r).i32Mul().i32Const(4).i32Mul().i32Add().localTee(
      l.at,
    );
    f.v128Load({ align: 4 }).localSet(l.val);
    f.v128ConstI32x4([0, 1, 2, 3]).localTee(l.pos).localSet(l.jv);
    forRange(f, l.k, () => f.i32Const(1), () => f.localGet(p.r).i32Const(2).i32ShrU(), () => {
      f.localGet(l.at).i32Const(16).i32Add().localTee(l.at).v128Load({ align: 4 }).localSet(l.xv);
      f.localGet(l.jv).localGet(four).i32x4Add().localSet(l.jv);
      beats(f, max, () => f.localGet(l.xv), () => f.localGet(l.val), true);
      f.localSet(l.m);
      f.localGet(l.xv).localGet(l.val).localGet(l.m).v128Bitselect().localSet(l.val);
      f.localGet(l.jv).localGet(l.pos).localGet(l.m).v128Bitselect().localSet(l.pos);
    });
    // Lane 0 against lanes 1..3: a lane wins if it beats, or ties (equal or both NaN) with a lower index.
    f.localGet(l.val).f32x4ExtractLane(0).localSet(l.bs);
    f.localGet(l.pos).i32x4ExtractLane(0).localSet(l.bi);
    for (let lane = 1; lane < 4; lane++) {
      f.localGet(l.val).f32x4ExtractLane(lane).localSet(l.xs);
      f.localGet(l.pos).i32x4ExtractLane(lane).localSet(l.k);
      beats(f, max, () => f.localGet(l.xs), () => f.localGet(l.bs), false);
      f.localGet(l.xs).localGet(l.bs).f32Eq();
      f.localGet(l.xs).localGet(l.xs).f32Ne().localGet(l.bs).localGet(l.bs).f32Ne().i32And();
      f.i32Or().localGet(l.k).localGet(l.bi).i32LtS().i32And().i32Or();
      f.if(() => f.localGet(l.xs).localSet(l.bs).localGet(l.k).localSet(l.bi));
    }
    // The r % 4 trailing values, in order (their indices are above every lane's).
    forRange(f, l.k, () => f.localGet(p.r).i32Const(-4).i32And(), () => f.localGet(p.r), () => {
      f.localGet(p.x).localGet(l.u).localGet(p.r).i32Mul().localGet(l.k).i32Add().i32Const(4)
        .i32Mul().i32Add().f32Load().localSet(l.xs);
      beats(f, max, () => f.localGet(l.xs), () => f.localGet(l.bs), false);
      f.if(() => f.localGet(l.xs).localSet(l.bs).localGet(l.k).localSet(l.bi));
    });
    f.localGet(p.out).localGet(l.u).i32Const(4).i32Mul().i32Add().localGet(l.bi).i32Store();
  });
}
