/**
 * Wasm `reduce`: `[outer, r, inner]` reduced over `r` with f32x4. For
 * `inner > 1` a range of output elements is walked in column chunks of 8, 1
 * and ¼ vectors, each folding rows `0 .. r-1` in order in registers; for
 * `inner == 1` each row is folded with four v128 accumulators. Same contract
 * and summation order as `kernels/reduce.ts`.
 *
 * @module
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import { reduce, type ReduceOp, type ReduceSpec } from "../reduce.ts";
import { emitKernel, forRange, type WasmKernel } from "./_emit.ts";
import { forOutputRuns, whileAtLeast as atLeast } from "./_middle_axis.ts";

/** v128 accumulators of the wide column chunk. */
const WIDE = 8;
/** Rows folded per pass over a row's columns (keeps the rows of a pass in cache). */
const TILE = 16;

/** Emits `a op b` for two v128 (`lanes`) or two f32 on the stack. */
function combine(f: CodeBuilder, op: ReduceOp, lanes: boolean): void {
  if (op === "sum" || op === "mean") lanes ? f.f32x4Add() : f.f32Add();
  else if (op === "max") lanes ? f.f32x4Max() : f.f32Max();
  else lanes ? f.f32x4Min() : f.f32Min();
}

function identity(op: ReduceOp): number {
  return op === "max" ? -Infinity : op === "min" ? Infinity : 0;
}

/** Emits the reduction kernel for an op. */
export function emitReduce(s: ReduceSpec): WasmKernel {
  const { op } = s;
  return emitKernel(`reduce op=${op}`, reduce.sig, s, ({ f, p }) => {
    const i = (n: string) => f.local("i32", n);
    const u = i("u"), o = i("o"), c1 = i("c1"), n = i("n"), dst = i("dst"), src = i("src");
    const j = i("j"), at = i("at"), stride = i("stride"), jt = i("jt"), je = i("je");
    const dst0 = i("dst0"), src0 = i("src0"), n0 = i("n0");
    const acc = Array.from({ length: WIDE }, (_, k) => f.local("v128", `a${k}`));
    const y = f.local("f32", "y"), rf = f.local("f32", "rf");
    f.localGet(p.r).f32ConvertI32S().localSet(rf);
    const finish = (lanes: boolean) => {
      if (op !== "mean") return;
      if (lanes) f.localGet(rf).f32x4Splat().f32x4Div();
      else f.localGet(rf).f32Div();
    };
    // Folds the rows [jt, je) of a tile, starting from the identity (first tile) or from `dst`.
    const start = (k: number, lanes: boolean) => {
      f.localGet(jt).i32Eqz();
      f.if(
        lanes ? "v128" : "f32",
        () => {
          f.f32Const(identity(op));
          if (lanes) f.f32x4Splat();
        },
        () =>
          lanes
            ? f.localGet(dst).v128Load({ offset: 16 * k, align: 4 })
            : f.localGet(dst).f32Load(),
      );
    };

    // Fold `width` v128 (or one f32 when width is 0) columns at `src` into `dst`.
    const columns = (width: number) => {
      const lanes = width > 0, count = Math.max(width, 1);
      for (let k = 0; k < count; k++) {
        start(k, lanes);
        lanes ? f.localSet(acc[k]) : f.localSet(y);
      }
      f.localGet(src).localGet(jt).localGet(stride).i32Mul().i32Add().localSet(at);
      forRange(f, j, () => f.localGet(jt), () => f.localGet(je), () => {
        for (let k = 0; k < count; k++) {
          if (lanes) {
            f.localGet(acc[k]).localGet(at).v128Load({ offset: 16 * k, align: 4 });
            combine(f, op, true);
            f.localSet(acc[k]);
          } else {
            f.localGet(y).localGet(at).f32Load();
            combine(f, op, false);
            f.localSet(y);
          }
        }
        f.localGet(at).localGet(stride).i32Add().localSet(at);
      });
      if (op === "mean") {
        f.localGet(je).localGet(p.r).i32Eq().if(() => {
          for (let k = 0; k < count; k++) {
            lanes ? f.localGet(acc[k]) : f.localGet(y);
            finish(lanes);
            lanes ? f.localSet(acc[k]) : f.localSet(y);
          }
        });
      }
      for (let k = 0; k < count; k++) {
        f.localGet(dst);
        lanes ? f.localGet(acc[k]) : f.localGet(y);
        lanes ? f.v128Store({ offset: 16 * k, align: 4 }) : f.f32Store();
      }
      const bytes = lanes ? 16 * count : 4;
      f.localGet(dst).i32Const(bytes).i32Add().localSet(dst);
      f.localGet(src).i32Const(bytes).i32Add().localSet(src);
      f.localGet(n).i32Const(lanes ? 4 * width : 1).i32Sub().localSet(n);
    };
    const whileAtLeast = (cols: number, body: () => void) => atLeast(f, n, cols, body);

    const general = () => {
      forOutputRuns(f, p, { u, o, c1, n, dst, src, stride }, () => {
        f.localGet(dst).localSet(dst0).localGet(src).localSet(src0).localGet(n).localSet(n0);
        // Tiles of TILE rows (at least one, so r = 0 writes the identity); the order stays j = 0, 1, ...
        f.i32Const(0).localSet(jt);
        f.loop((tile) => {
          f.localGet(jt).i32Const(TILE).i32Add().localTee(je).localGet(p.r).localGet(je)
            .localGet(p.r).i32LtS().select().localSet(je);
          f.localGet(dst0).localSet(dst).localGet(src0).localSet(src).localGet(n0).localSet(n);
          whileAtLeast(4 * WIDE, () => columns(WIDE));
          whileAtLeast(4, () => columns(1));
          whileAtLeast(1, () => columns(0));
          f.localGet(je).localTee(jt).localGet(p.r).i32LtS().brIf(tile);
        });
      });
    };
    f.localGet(p.inner).i32Const(1).i32Eq();
    f.if(() => rows(f, p, op, { u, at, n, acc, y, rf }, finish), general);
  });
}

/** The `inner == 1` path: each row of `r` contiguous floats folded into one value. */
function rows(
  f: CodeBuilder,
  p: Readonly<Record<string, number>>,
  op: ReduceOp,
  l: { u: number; at: number; n: number; acc: number[]; y: number; rf: number },
  finish: (lanes: boolean) => void,
): void {
  const [a0, a1, a2, a3] = l.acc, quad = [a0, a1, a2, a3];
  const s = l.acc[4], row = l.n;
  forRange(f, l.u, () => f.localGet(p.start), () => f.localGet(p.end), () => {
    for (const a of quad) f.f32Const(identity(op)).f32x4Splat().localSet(a);
    // at = x + 4 * u * r; n = end of the whole groups of 16 floats
    f.localGet(p.x).localGet(l.u).localGet(p.r).i32Mul().i32Const(4).i32Mul().i32Add().localTee(
      l.at,
    );
    f.localGet(p.r).i32Const(-16).i32And().i32Const(4).i32Mul().i32Add().localSet(row);
    f.block((done) =>
      f.loop((top) => {
        f.localGet(l.at).localGet(row).i32GeU().brIf(done);
        quad.forEach((a, k) => {
          f.localGet(a).localGet(l.at).v128Load({ offset: 16 * k, align: 4 });
          combine(f, op, true);
          f.localSet(a);
        });
        f.localGet(l.at).i32Const(64).i32Add().localSet(l.at);
        f.br(top);
      })
    );
    // The (r >> 2) % 4 remaining vectors go to accumulators 0, 1, 2; then the lanes combine.
    for (let k = 0; k < 3; k++) {
      f.localGet(p.r).i32Const(2).i32ShrU().i32Const(3).i32And().i32Const(k).i32GtU();
      f.if(() => {
        f.localGet(quad[k]).localGet(l.at).v128Load({ offset: 16 * k, align: 4 });
        combine(f, op, true);
        f.localSet(quad[k]);
      });
    }
    f.localGet(a0).localGet(a1);
    combine(f, op, true);
    f.localGet(a2).localGet(a3);
    combine(f, op, true);
    combine(f, op, true);
    f.localSet(s);
    f.localGet(s).f32x4ExtractLane(0).localGet(s).f32x4ExtractLane(2);
    combine(f, op, false);
    f.localGet(s).f32x4ExtractLane(1).localGet(s).f32x4ExtractLane(3);
    combine(f, op, false);
    combine(f, op, false);
    f.localSet(l.y);
    // at = x + 4 * (u * r + (r & ~3)); the r % 4 trailing floats one by one
    f.localGet(p.x).localGet(l.u).localGet(p.r).i32Mul().localGet(p.r).i32Const(-4).i32And()
      .i32Add().i32Const(4).i32Mul().i32Add().localSet(l.at);
    f.localGet(p.x).localGet(l.u).i32Const(1).i32Add().localGet(p.r).i32Mul().i32Const(4).i32Mul()
      .i32Add().localSet(row);
    f.block((done) =>
      f.loop((top) => {
        f.localGet(l.at).localGet(row).i32GeU().brIf(done);
        f.localGet(l.y).localGet(l.at).f32Load();
        combine(f, op, false);
        f.localSet(l.y);
        f.localGet(l.at).i32Const(4).i32Add().localSet(l.at).br(top);
      })
    );
    f.localGet(p.out).localGet(l.u).i32Const(4).i32Mul().i32Add();
    f.localGet(l.y);
    finish(false);
    f.f32Store();
  });
}
