/**
 * Emits "add the gradient of position `j` to the row at `o`", shared by the
 * Wasm `scatter_rows` and `sparse_values` (see `kernels/_grad_source.ts` for
 * the three sources: rows, scaled bag rows, max winners). Work is done in
 * registers per chunk: load the output row, add, store.
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import type { GradSource } from "../_grad_source.ts";
import { addr, type Locals, type RowShape, tailOffset } from "./_emit.ts";

/** Locals the emitted code uses. */
export interface GradLocals {
  readonly j: number;
  readonly o: number;
  readonly g: number;
  readonly am: number;
  readonly s: number;
  readonly sv: number;
  readonly f: number;
  readonly fv: number;
  /** `alpha` splat (v128) and scalar (f32) when an update scales each term, else -1. */
  readonly av: number;
  readonly a: number;
}

/** Declares the locals of `emitAddGrad`. */
export function gradLocals(f: CodeBuilder, j: number, o: number, alpha = false): GradLocals {
  return {
    av: alpha ? f.local("v128", "av") : -1,
    a: alpha ? f.local("f32", "a") : -1,
    j,
    o,
    g: f.local("i32", "g"),
    am: f.local("i32", "am"),
    s: f.local("f32", "s"),
    sv: f.local("v128", "sv"),
    f: f.local("f32", "fr"),
    fv: f.local("v128", "fv"),
  };
}

/**
 * Emits: `out[o..o+D) += grad(j)` (times `alpha` when `l` has it) with
 * float32 rounding after every operation, in the same order as the JS reference.
 * With `fresh`, the row is not read: `out = 0 + grad(j)`, what adding to a
 * zeroed row gives, bit for bit (`0 + -0` is `+0`).
 *
 * @param p Parameter locals `G`, `bagOf`, `scale`, `argmax`, `invFreq`.
 */
export function emitAddGrad(
  f: CodeBuilder,
  p: Locals<"G" | "bagOf" | "scale" | "argmax" | "invFreq">,
  l: GradLocals,
  shape: RowShape,
  D: number,
  source: GradSource,
  freq: boolean,
  fresh = false,
): void {
  const { vectors, tail, align } = shape;
  /** Pushes the output address and the current value of its vector `v` (zero when fresh). */
  const current = (v: number) => {
    f.localGet(l.o);
    if (fresh) f.v128ConstI32x4([0, 0, 0, 0]);
    else f.localGet(l.o).v128Load({ offset: 16 * v, align });
  };
  /** The same for tail scalar `at`. */
  const currentAt = (at: number) => {
    f.localGet(l.o);
    if (fresh) f.f32Const(0);
    else f.localGet(l.o).f32Load({ offset: at });
  };
  // g = address of the gradient row; s = per-position scale; f = 1/freq.
  if (source === "rows") addr(f, p.G, l.j, D * 4).localSet(l.g);
  else {
    f.localGet(p.G);
    addr(f, p.bagOf, l.j, 4).i32Load({ align: 4 }).localTee(l.am).i32Const(D * 4).i32Mul().i32Add()
      .localSet(l.g);
    if (source === "max") {
      f.localGet(p.argmax).localGet(l.am).i32Const(D * 4).i32Mul().i32Add().localSet(l.am);
    }
  }
  if (source === "scaled") {
    addr(f, p.scale, l.j, 4).f32Load().localTee(l.s).f32x4Splat().localSet(l.sv);
  }
  if (freq) addr(f, p.invFreq, l.j, 4).f32Load().localTee(l.f).f32x4Splat().localSet(l.fv);
  const term = (v: number) => {
    f.localGet(l.g).v128Load({ offset: 16 * v, align });
    if (source === "max") {
      f.localGet(l.am).v128Load({ offset: 16 * v, align }).localGet(l.j).i32x4Splat().i32x4Eq()
        .v128And();
      return;
    }
    if (source === "scaled") f.localGet(l.sv).f32x4Mul();
    if (freq) f.localGet(l.fv).f32x4Mul();
  };
  const scaled = (v: number) => {
    term(v);
    if (l.av >= 0) f.localGet(l.av).f32x4Mul();
  };
  for (let v = 0; v < vectors; v++) {
    current(v);
    scaled(v);
    f.f32x4Add().v128Store({ offset: 16 * v, align });
  }
  for (let t = 0; t < tail; t++) {
    const at = tailOffset(shape, t);
    if (source === "max" && (l.a >= 0 || fresh)) {
      // As the vector lanes: a lost dimension adds (alpha times) 0.
      currentAt(at);
      f.localGet(l.g).f32Load({ offset: at }).f32Const(0);
      f.localGet(l.am).i32Load({ offset: at }).localGet(l.j).i32Eq().select();
      if (l.a >= 0) f.localGet(l.a).f32Mul();
      f.f32Add().f32Store({ offset: at });
      continue;
    }
    if (source === "max") {
      f.localGet(l.am).i32Load({ offset: at }).localGet(l.j).i32Eq();
      f.if(() =>
        f.localGet(l.o).localGet(l.o).f32Load({ offset: at }).localGet(l.g).f32Load({ offset: at })
          .f32Add().f32Store({ offset: at })
      );
      continue;
    }
    currentAt(at);
    f.localGet(l.g).f32Load({ offset: at });
    if (source === "scaled") f.localGet(l.s).f32Mul();
    if (freq) f.localGet(l.f).f32Mul();
    if (l.a >= 0) f.localGet(l.a).f32Mul();
    f.f32Add().f32Store({ offset: at });
  }
}
