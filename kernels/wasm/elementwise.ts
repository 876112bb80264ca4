/**
 * Wasm `elementwise`: the program compiled to straight-line f32x4 code over
 * v128 locals. Per output row (last dim) the kernel computes each input's
 * address from the row's coordinates (kept as an odometer, no division per
 * row), loads inputs broadcast along the last dim once per row as a splat,
 * and runs the program four elements at a time, then one element at a time
 * for the row's tail. Same contract and roundings as `kernels/elementwise.ts`.
 *
 * @module
 */

import { elementwise, type ElementwiseSpec } from "../elementwise.ts";
import { ewParse, type EwProgram, ewStores } from "../_elementwise_program.ts";
import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import { type Emit, emitKernel, type WasmKernel } from "./_emit.ts";
import { emitErf, emitExp, emitGelu, emitLog, emitSigmoid, emitTanh } from "./_math.ts";
import { hoistConstants, k } from "./_consts.ts";

const MATH: Record<string, (f: CodeBuilder, x: number) => void> = {
  exp: emitExp,
  log: emitLog,
  tanh: emitTanh,
  sigmoid: emitSigmoid,
  gelu: emitGelu,
  erf: emitErf,
};
const SIMPLE: Record<string, (f: CodeBuilder) => unknown> = {
  neg: (f) => f.f32x4Neg(),
  sqrt: (f) => f.f32x4Sqrt(),
  abs: (f) => f.f32x4Abs(),
  copy: () => undefined,
  relu: (f) => k(f, 0).f32x4Pmax(),
  add: (f) => f.f32x4Add(),
  sub: (f) => f.f32x4Sub(),
  mul: (f) => f.f32x4Mul(),
  div: (f) => f.f32x4Div(),
  maximum: (f) => f.f32x4Max(),
  minimum: (f) => f.f32x4Min(),
  gt: (f) => k(f.f32x4Gt(), 1).v128And(),
  ge: (f) => k(f.f32x4Ge(), 1).v128And(),
  lt: (f) => k(f.f32x4Lt(), 1).v128And(),
  le: (f) => k(f.f32x4Le(), 1).v128And(),
  eq: (f) => k(f.f32x4Eq(), 1).v128And(),
  ne: (f) => k(f.f32x4Ne(), 1).v128And(),
};

/**
 * Emits the program once: loads (`lane`: one element into lane 0), the
 * instructions, and the stores of the stored results at `o[q] + i`.
 */
function emitProgram(
  e: Emit<unknown>,
  p: EwProgram,
  l: {
    ptr: readonly number[];
    splat: readonly number[];
    i: number;
    o: readonly number[];
    stores: readonly number[];
    /** Per constant: the local holding a run-time one, splat (-1 for a number of the program). */
    rt: readonly number[];
  },
  lane: boolean,
): void {
  const { f } = e, n = p.n, base = n + p.consts.length;
  const inputs = p.bc.map((bc, x) => {
    if (bc[bc.length - 1]) return l.splat[x];
    f.localGet(l.ptr[x]).localGet(l.i).i32Add();
    if (lane) f.v128Load32Zero({ align: 4 });
    else f.v128Load({ align: 4 });
    if (p.ints[x]) f.f32x4ConvertI32x4S();
    const v = f.local("v128");
    f.localSet(v);
    return v;
  });
  const results: number[] = [];
  const push = (v: number) => {
    if (v < n) f.localGet(inputs[v]);
    else if (v < base) l.rt[v - n] >= 0 ? f.localGet(l.rt[v - n]) : k(f, p.consts[v - n]);
    else f.localGet(results[v - base]);
  };
  const local = (v: number) => {
    if (v < n) return inputs[v];
    if (v >= base) return results[v - base];
    const t = f.local("v128");
    push(v);
    f.localSet(t);
    return t;
  };
  for (const { op, a } of p.code) {
    if (MATH[op] !== undefined) MATH[op](f, local(a[0]));
    else if (op === "square") push(a[0]), push(a[0]), f.f32x4Mul();
    else if (op === "reciprocal") k(f, 1), push(a[0]), f.f32x4Div();
    else if (op === "where") push(a[1]), push(a[2]), push(a[0]), k(f, 0).f32x4Ne().v128Bitselect();
    else if (op === "pow") {
      const x = local(a[0]), y = local(a[1]);
      f.localGet(x);
      for (let j = 0; j < (lane ? 1 : 4); j++) {
        f.localGet(x).f32x4ExtractLane(j).f64PromoteF32();
        f.localGet(y).f32x4ExtractLane(j).f64PromoteF32().call(e.pow).f32DemoteF64();
        f.f32x4ReplaceLane(j);
      }
      // pow(1, y) and pow(-1, ±Infinity) are 1 (Math.pow gives NaN).
      k(f, 1).localGet(x), k(f, 1).f32x4Eq().localGet(x), k(f, -1).f32x4Eq();
      f.localGet(y).f32x4Abs(),
        k(f, Infinity).f32x4Eq().v128And().v128Or().v128Not().v128Bitselect();
    } else a.forEach(push), SIMPLE[op](f);
    const r = f.local("v128");
    f.localSet(r);
    results.push(r);
  }
  l.stores.forEach((j, q) => {
    f.localGet(l.o[q]).localGet(l.i).i32Add().localGet(results[j]);
    if (lane) f.v128Store32Lane(0, { align: 4 });
    else f.v128Store({ align: 4 });
  });
}

/** Emits the fused elementwise kernel for a program and broadcast pattern. */
export function emitElementwise(s: ElementwiseSpec): WasmKernel {
  const p = ewParse(s.program, s.rank, s.bcast, s.dtypes, s.consts), R = s.rank;
  const stores = ewStores(s.stores, p.code.length);
  const pow = p.code.some((c) => c.op === "pow");
  const name = `elementwise "${s.program}" [${s.bcast}]` + (s.stores ? ` stores ${s.stores}` : "");
  return emitKernel(name, elementwise.sig, s, (e) => {
    const { f, p: P } = e, I = (name: string) => f.local("i32", name);
    const d = (j: number) => P.d[j], acc = I("acc");
    f.localGet(P.start).localGet(P.end).i32GeS().if(() => f.i32Const(0).return());
    const math = [...new Set(p.code.map((c) => MATH[c.op]).filter((m) => m !== undefined))];
    hoistConstants(f, math, [0, 1, -1, Infinity, ...p.consts.filter((_, j) => p.slots[j] < 0)]);
    // Run-time constants: f64 args rounded to float32 (as `Math.fround`) and splat once.
    const rt = p.slots.map((K) => {
      if (K < 0) return -1;
      const v = f.local("v128", `rc${K}`);
      f.localGet(P.c[K]).f32DemoteF64().f32x4Splat().localSet(v);
      return v;
    });
    // Byte strides of each input's non-broadcast dims (-1: broadcast, stride 0).
    const st = p.bc.map((bc, x) => {
      f.i32Const(4).localSet(acc);
      return Array.from({ length: R }, (_, i) => R - 1 - i).map((j) => {
        if (bc[j]) return -1;
        const v = I(`s${x}_${j}`);
        f.localGet(acc).localTee(v).localGet(d(j)).i32Mul().localSet(acc);
        return v;
      }).reverse();
    });
    const row = I("row"), col = I("col"), pos = I("pos"), len = I("len"), i = I("i");
    const o = stores.map((_, q) => I(`o${q}`)), vend = I("vend");
    const c = Array.from({ length: R - 1 }, (_, j) => I(`c${j}`));
    const ptr = p.bc.map((_, x) => I(`p${x}`));
    const splat = p.bc.map((bc, x) => (bc[R - 1] ? f.local("v128", `b${x}`) : -1));
    f.localGet(P.start);
    f.localGet(P.start).localGet(d(R - 1)).i32DivU().localTee(row).localGet(d(R - 1)).i32Mul();
    f.i32Sub().localSet(col);
    for (let j = R - 2; j >= 0; j--) {
      f.localGet(row).localGet(d(j)).i32RemU().localSet(c[j]);
      f.localGet(row).localGet(d(j)).i32DivU().localSet(row);
    }
    f.localGet(P.start).localSet(pos);
    f.block((done) =>
      f.loop((top) => {
        f.localGet(pos).localGet(P.end).i32GeS().brIf(done);
        f.localGet(d(R - 1)).localGet(col).i32Sub().localTee(len);
        f.localGet(P.end).localGet(pos).i32Sub().localTee(i).localGet(len).localGet(i).i32LtS();
        f.select().i32Const(2).i32Shl().localTee(len).i32Const(-16).i32And().localSet(vend);
        for (const [x, bc] of p.bc.entries()) {
          f.localGet(P.x[x]);
          if (st[x][R - 1] >= 0) f.localGet(col).i32Const(2).i32Shl().i32Add();
          for (let j = 0; j < R - 1; j++) {
            if (st[x][j] >= 0) f.localGet(c[j]).localGet(st[x][j]).i32Mul().i32Add();
          }
          f.localTee(ptr[x]);
          if (bc[R - 1]) {
            f.v128Load32Splat({ align: 4 });
            if (p.ints[x]) f.f32x4ConvertI32x4S();
            f.localSet(splat[x]);
          } else f.drop();
        }
        o.forEach((oq, q) => {
          f.localGet(P.out[q]).localGet(pos).i32Const(2).i32Shl().i32Add();
          f.localSet(oq);
        });
        const loopTo = (to: number, step: number, lane: boolean) =>
          f.block((out) =>
            f.loop((next) => {
              f.localGet(i).localGet(to).i32GeU().brIf(out);
              emitProgram(e, p, { ptr, splat, i, o, stores, rt }, lane);
              f.localGet(i).i32Const(step).i32Add().localSet(i).br(next);
            })
          );
        f.i32Const(0).localSet(i);
        loopTo(vend, 16, false);
        loopTo(len, 4, true);
        f.localGet(pos).localGet(len).i32Const(2).i32ShrU().i32Add().localSet(pos);
        f.i32Const(0).localSet(col);
        const bump = (j: number) => {
          if (j < 0) return;
          f.localGet(c[j]).i32Const(1).i32Add().localTee(c[j]).localGet(d(j)).i32GeU();
          f.if(() => (f.i32Const(0).localSet(c[j]), bump(j - 1)));
        };
        bump(R - 2);
        f.br(top);
      })
    );
  }, { pow });
}
