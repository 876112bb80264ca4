/**
 * The walk shared by the Wasm cross-entropy kernels: rows `[lo, hi)` four
 * at a time, one row per v128 lane (rows past `hi` repeat the last row and
 * are not stored), so a `[N, 10]` row's exponentials run four rows to a
 * vector. Per group it checks the targets (`FAULT` at one outside `[0, C)`
 * that is not `ignoreIndex`), then computes each lane's maximum and
 * `Σ exp(x - m)` in order: the JS references' orders (`kernels/_ce_rows.ts`).
 *
 * @module
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import { emitExp } from "./_math.ts";
import { k } from "./_consts.ts";
import { FAULT } from "./_guard.ts";

/** Parameter locals the walk reads. */
export interface CeParams {
  readonly x: number;
  readonly t: number;
  readonly C: number;
  readonly ignoreIndex: number;
}

/** Locals of one group of four rows. */
export interface CeGroup {
  /** The first row of the group. */
  readonly r: number;
  /** Row `r + q` of lane `q` (clamped to `hi - 1`). */
  readonly rows: readonly number[];
  /** Byte address of each lane's row of `x`. */
  readonly xs: readonly number[];
  /** Targets (i32x4; 0 on ignored rows) and the mask of rows not ignored. */
  readonly tv: number;
  readonly keep: number;
  /** Each lane's maximum and sum of exponentials (f32x4). */
  readonly m: number;
  readonly s: number;
  /** A class counter and its byte offset (for `loadColumn` inside `forClasses`). */
  readonly c: number;
  readonly c4: number;
}

/** Pushes element `c` of the four rows (byte offset `c4`) as an f32x4. */
export function loadColumn(f: CodeBuilder, g: CeGroup): CodeBuilder {
  f.localGet(g.xs[0]).localGet(g.c4).i32Add().v128Load32Zero({ align: 4 });
  for (let q = 1; q < 4; q++) {
    const v = f.local("v128");
    f.localSet(v).localGet(g.xs[q]).localGet(g.c4).i32Add().localGet(v);
    f.v128Load32Lane(q, { align: 4 });
  }
  return f;
}

/** Emits `for (c = 0; c < C; c++)` with `c4 = 4c`. */
export function forClasses(f: CodeBuilder, p: CeParams, g: CeGroup, body: () => void): void {
  f.i32Const(0).localSet(g.c);
  f.block((done) =>
    f.loop((top) => {
      f.localGet(g.c).localGet(p.C).i32GeS().brIf(done);
      f.localGet(g.c).i32Const(2).i32Shl().localSet(g.c4);
      body();
      f.localGet(g.c).i32Const(1).i32Add().localSet(g.c).br(top);
    })
  );
}

/** Emits `if (r + q < hi) body()`: lane `q` holds a row of this walk. */
export function ifLane(f: CodeBuilder, g: CeGroup, hi: number, q: number, body: () => void): void {
  f.localGet(g.r).i32Const(q).i32Add().localGet(hi).i32LtS().if(body);
}

/** Emits the walk over rows `[lo, hi)` (i32 locals), calling `body` per group. */
export function forRowGroups(
  f: CodeBuilder,
  p: CeParams,
  lo: number,
  hi: number,
  body: (g: CeGroup) => void,
): void {
  const I = () => f.local("i32"), V = () => f.local("v128");
  const g: CeGroup = {
    r: I(),
    rows: [I(), I(), I(), I()],
    xs: [I(), I(), I(), I()],
    tv: V(),
    keep: V(),
    m: V(),
    s: V(),
    c: I(),
    c4: I(),
  };
  const kq = I(), d = V();
  f.localGet(lo).localSet(g.r);
  f.block((done) =>
    f.loop((top) => {
      f.localGet(g.r).localGet(hi).i32GeS().brIf(done);
      k(f, 0).localTee(g.tv).localSet(g.keep);
      for (let q = 0; q < 4; q++) {
        const row = g.rows[q];
        // row = min(r + q, hi - 1)
        f.localGet(g.r).i32Const(q).i32Add().localTee(row).localGet(hi).i32Const(1).i32Sub()
          .localGet(row).localGet(hi).i32LtS().select().localSet(row);
        f.localGet(p.x).localGet(row).localGet(p.C).i32Mul().i32Const(2).i32Shl().i32Add();
        f.localSet(g.xs[q]);
        f.localGet(p.t).localGet(row).i32Const(2).i32Shl().i32Add().i32Load({ align: 4 });
        f.localTee(kq).localGet(p.ignoreIndex).i32Ne().if(() => {
          f.localGet(kq).localGet(p.C).i32GeU().if(() => f.i32Const(FAULT).return());
          f.localGet(g.tv).localGet(kq).i32x4ReplaceLane(q).localSet(g.tv);
          f.localGet(g.keep).i32Const(-1).i32x4ReplaceLane(q).localSet(g.keep);
        });
      }
      k(f, -Infinity).localSet(g.m);
      forClasses(f, p, g, () => loadColumn(f, g).localGet(g.m).f32x4Max().localSet(g.m));
      k(f, 0).localSet(g.s);
      forClasses(f, p, g, () => {
        loadColumn(f, g).localGet(g.m).f32x4Sub().localSet(d);
        f.localGet(g.s);
        emitExp(f, d);
        f.f32x4Add().localSet(g.s);
      });
      body(g);
      f.localGet(g.r).i32Const(4).i32Add().localSet(g.r).br(top);
    })
  );
}

/** Pushes, per lane, the f32 at `base + tv[q]·4` (the element at each lane's target). */
export function loadAtTargets(f: CodeBuilder, g: CeGroup, base: (q: number) => void): CodeBuilder {
  const v = f.local("v128");
  k(f, 0).localSet(v);
  for (let q = 0; q < 4; q++) {
    base(q);
    f.localGet(g.tv).i32x4ExtractLane(q).i32Const(2).i32Shl().i32Add().localGet(v);
    f.v128Load32Lane(q, { align: 4 }).localSet(v);
  }
  return f.localGet(v);
}

/** Emits `1 - ε` and `ε / C` rounded to float32 (as `Math.fround` of the float64 value) into locals. */
export function ceCoefficients(
  f: CodeBuilder,
  p: { readonly eps: number; readonly C: number },
): { readonly keepCoef: number; readonly smoothCoef: number } {
  const keepCoef = f.local("f32"), smoothCoef = f.local("f32");
  f.f64Const(1).localGet(p.eps).f64Sub().f32DemoteF64().localSet(keepCoef);
  f.localGet(p.eps).localGet(p.C).f64ConvertI32S().f64Div().f32DemoteF64().localSet(smoothCoef);
  return { keepCoef, smoothCoef };
}
