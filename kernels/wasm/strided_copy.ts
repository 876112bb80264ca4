/**
 * Wasm `strided_copy`: rows copied with v128 loads and stores when both
 * innermost strides are 1, filled from a `v128.load32_splat` when the input's
 * is 0 (broadcast), element by element otherwise: 8 rows at a time when they
 * share all but their last outer index, element k of each before element
 * k + 1, with v128 loads when those rows are one element apart in the input
 * (a transpose: 1024 x 1024 went from 5.0 ms row by row to 0.55 ms). The outer
 * dims advance as an odometer (no division per row). Same contract as
 * `kernels/strided_copy.ts`.
 *
 * @module
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import type { StridedCopySpec } from "../strided_copy.ts";
import { stridedCopy } from "../strided_copy.ts";
import { emitKernel, forRange, type WasmKernel } from "./_emit.ts";

/** Rows copied together on the element-by-element path. */
const BLOCK = 8;

/** Locals of `element`. */
interface RowLocals {
  readonly k: number;
  readonly xp: number;
  readonly op: number;
  readonly xo: number;
  readonly oo: number;
  readonly xr: readonly number[];
  readonly or: readonly number[];
  readonly len: number;
  readonly xl: number;
  readonly ol: number;
  readonly xOuter?: number;
  readonly oOuter?: number;
  readonly v?: number;
}

/**
 * Emits the element-by-element copy of `rows` rows (1, or BLOCK rows `xOuter`
 * / `oOuter` bytes apart), element k of every row before element k + 1.
 */
function element(f: CodeBuilder, l: RowLocals, rows: number): void {
  for (let b = 0; b < rows; b++) {
    f.localGet(b === 0 ? l.xo : l.xr[b - 1]);
    if (b > 0) f.localGet(l.xOuter!).i32Add();
    f.localSet(l.xr[b]);
    f.localGet(b === 0 ? l.oo : l.or[b - 1]);
    if (b > 0) f.localGet(l.oOuter!).i32Add();
    f.localSet(l.or[b]);
  }
  f.i32Const(0).localSet(l.xp).i32Const(0).localSet(l.op);
  const loop = (lanes: boolean) =>
    forRange(f, l.k, () => f.i32Const(0), () => f.localGet(l.len), () => {
      for (let b = 0; b < rows; b++) {
        if (lanes && b % 4 === 0) {
          f.localGet(l.xo).localGet(l.xp).i32Add().v128Load({ offset: 4 * b, align: 4 });
          f.localSet(l.v!);
        }
        f.localGet(l.or[b]).localGet(l.op).i32Add();
        if (lanes) f.localGet(l.v!).v128Store32Lane(b % 4, { align: 4 });
        else f.localGet(l.xr[b]).localGet(l.xp).i32Add().i32Load().i32Store();
      }
      f.localGet(l.xp).localGet(l.xl).i32Add().localSet(l.xp);
      f.localGet(l.op).localGet(l.ol).i32Add().localSet(l.op);
    });
  // Rows one element apart in the input (a transpose): their k-th elements load as vectors.
  if (rows % 4 === 0) {
    f.localGet(l.xOuter!).i32Const(4).i32Eq().if(() => loop(true), () => loop(false));
  } else loop(false);
}

/** Emits `while (k < limit) { body; k += step }` over byte offsets. */
function walk(f: CodeBuilder, k: number, limit: () => void, step: number, body: () => void): void {
  f.block((done) =>
    f.loop((top) => {
      f.localGet(k);
      limit();
      f.i32GtS().brIf(done);
      body();
      f.localGet(k).i32Const(step).i32Add().localSet(k).br(top);
    })
  );
}

/** Emits the strided copy kernel for a rank (1 to 6). */
export function emitStridedCopy(s: StridedCopySpec): WasmKernel {
  const R = s.rank;
  if (!Number.isInteger(R) || R < 1 || R > 6) {
    throw new RangeError(`emitStridedCopy(): rank is ${R} but must be 1 to 6`);
  }
  return emitKernel(`strided_copy rank=${R}`, stridedCopy.sig, s, ({ f, p }) => {
    const i = (name: string) => f.local("i32", name);
    const slot = (d: number) => 6 - R + d, last = R - 1;
    const n = (d: number) => p.n[slot(d)];
    const idx = Array.from({ length: last }, (_, d) => i(`i${d}`));
    const xb = Array.from({ length: R }, (_, d) => i(`xb${d}`));
    const ob = Array.from({ length: R }, (_, d) => i(`ob${d}`));
    const u = i("u"), rest = i("rest"), xo = i("xo"), oo = i("oo"), k = i("k"), bytes = i("bytes");
    const mode = i("mode"), xp = i("xp"), op = i("op"), v = f.local("v128", "v");
    const xr = Array.from({ length: BLOCK }, (_, b) => i(`xr${b}`));
    const or = Array.from({ length: BLOCK }, (_, b) => i(`or${b}`));
    const l = { k, xp, op, xo, oo, xr, or, v, len: n(last), xl: xb[last], ol: ob[last] };
    const xOuter = last > 0 ? xb[last - 1] : -1, oOuter = last > 0 ? ob[last - 1] : -1;
    f.localGet(p.start).localGet(p.end).i32GeS().if(() => f.i32Const(0).return());
    for (let d = 0; d < R; d++) {
      f.localGet(p.xs[slot(d)]).i32Const(4).i32Mul().localSet(xb[d]);
      f.localGet(p.os[slot(d)]).i32Const(4).i32Mul().localSet(ob[d]);
    }
    // The first row's multi-index and addresses.
    f.localGet(p.x).localSet(xo).localGet(p.out).localSet(oo).localGet(p.start).localSet(rest);
    for (let d = last - 1; d >= 0; d--) {
      f.localGet(rest).localGet(n(d)).i32RemU().localSet(idx[d]);
      f.localGet(rest).localGet(n(d)).i32DivU().localSet(rest);
      f.localGet(xo).localGet(idx[d]).localGet(xb[d]).i32Mul().i32Add().localSet(xo);
      f.localGet(oo).localGet(idx[d]).localGet(ob[d]).i32Mul().i32Add().localSet(oo);
    }
    // mode 1: both innermost strides 1; 2: input stride 0, output 1; 0: any.
    f.localGet(n(last)).i32Const(4).i32Mul().localSet(bytes);
    f.i32Const(0).localSet(mode);
    f.localGet(ob[last]).i32Const(4).i32Eq().if(() => {
      f.localGet(xb[last]).i32Const(4).i32Eq().if(() => f.i32Const(1).localSet(mode));
      f.localGet(xb[last]).i32Eqz().if(() => f.i32Const(2).localSet(mode));
    });
    const tail = (body: () => void) =>
      walk(f, k, () => f.localGet(bytes).i32Const(4).i32Sub(), 4, body);
    const vectors = (body: () => void) => {
      f.i32Const(0).localSet(k);
      walk(f, k, () => f.localGet(bytes).i32Const(16).i32Sub(), 16, body);
    };
    forRange(f, u, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      f.localGet(mode).i32Const(1).i32Eq();
      f.if(() => {
        vectors(() => {
          f.localGet(oo).localGet(k).i32Add();
          f.localGet(xo).localGet(k).i32Add().v128Load({ align: 4 }).v128Store({ align: 4 });
        });
        tail(() => {
          f.localGet(oo).localGet(k).i32Add();
          f.localGet(xo).localGet(k).i32Add().i32Load().i32Store();
        });
      }, () => {
        f.localGet(mode).i32Const(2).i32Eq();
        f.if(() => {
          f.localGet(xo).v128Load32Splat({ align: 4 }).localSet(v);
          vectors(() => f.localGet(oo).localGet(k).i32Add().localGet(v).v128Store({ align: 4 }));
          tail(() =>
            f.localGet(oo).localGet(k).i32Add().localGet(v).i32x4ExtractLane(0).i32Store()
          );
        }, () => {
          if (last === 0) return element(f, l, 1);
          // BLOCK rows at once when they share all but their last outer index (a transpose reads
          // their k-th elements from one cache line); else one row.
          f.localGet(idx[last - 1]).i32Const(BLOCK).i32Add().localGet(n(last - 1)).i32LeS();
          f.localGet(u).i32Const(BLOCK).i32Add().localGet(p.end).i32LeS().i32And();
          f.if(() => {
            element(f, { ...l, xOuter, oOuter }, BLOCK);
            f.localGet(idx[last - 1]).i32Const(BLOCK - 1).i32Add().localSet(idx[last - 1]);
            f.localGet(xo).localGet(xb[last - 1]).i32Const(BLOCK - 1).i32Mul().i32Add().localSet(
              xo,
            );
            f.localGet(oo).localGet(ob[last - 1]).i32Const(BLOCK - 1).i32Mul().i32Add().localSet(
              oo,
            );
            f.localGet(u).i32Const(BLOCK - 1).i32Add().localSet(u);
          }, () => element(f, l, 1));
        });
      });
      // Odometer over the outer dims.
      f.block((done) => {
        for (let d = last - 1; d >= 0; d--) {
          f.localGet(xo).localGet(xb[d]).i32Add().localSet(xo);
          f.localGet(oo).localGet(ob[d]).i32Add().localSet(oo);
          f.localGet(idx[d]).i32Const(1).i32Add().localTee(idx[d]).localGet(n(d)).i32LtS().brIf(
            done,
          );
          f.i32Const(0).localSet(idx[d]);
          f.localGet(xo).localGet(n(d)).localGet(xb[d]).i32Mul().i32Sub().localSet(xo);
          f.localGet(oo).localGet(n(d)).localGet(ob[d]).i32Mul().i32Sub().localSet(oo);
        }
      });
    });
  });
}
