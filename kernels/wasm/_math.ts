/**
 * The float32 functions of `kernels/_math.ts` as f32x4 code: the same steps
 * in the same order (so the same roundings), branches turned into selects.
 * Each emitter reads its argument from a v128 local and pushes the result;
 * temporaries are fresh v128 locals.
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import { k, ki } from "./_consts.ts";

const SIGN = -2147483648, NAN = 0x7fc00000, INF = 0x7f800000, NEG_INF = -8388608;

/** Pushes `((c0 x + c1) x + c2) ...`, rounding each product and sum. */
function horner(f: CodeBuilder, x: number, coeffs: readonly number[]): void {
  k(f, coeffs[0]);
  for (const c of coeffs.slice(1)) k(f.localGet(x).f32x4Mul(), c).f32x4Add();
}

/** Emits `exp` of local `x` (see `ewExp`). */
export function emitExp(f: CodeBuilder, x: number): void {
  const c = f.local("v128"), n = f.local("v128"), r = f.local("v128"), i = f.local("v128");
  // pmax/pmin keep a NaN x (it is their first operand), like Math.max/min.
  f.localGet(x), k(f, -104).f32x4Pmax(), k(f, 89).f32x4Pmin().localTee(c);
  k(f, 1.4426950216293335).f32x4Mul(), k(f, 12582912).f32x4Add().localTee(i);
  k(f, 12582912).f32x4Sub().localSet(n);
  f.localGet(c).localGet(n), k(f, 0.693359375).f32x4Mul().f32x4Sub();
  f.localGet(n), k(f, -0.00021219444170128554).f32x4Mul().f32x4Sub().localSet(r);
  horner(f, r, [
    0.00019875691214110702,
    0.001398199936375022,
    0.008333452045917511,
    0.04166579619050026,
    0.1666666567325592,
    0.5,
  ]);
  f.localGet(r).localGet(r).f32x4Mul().f32x4Mul().localGet(r).f32x4Add(), k(f, 1).f32x4Add();
  // n as an integer: the low bits of n + 1.5 * 2^23. Then 2^k1 * 2^k2 with
  // k1 = n >> 1, k2 = n - k1, built from exponent bits.
  f.localGet(i), ki(f, 0x4b400000).i32x4Sub().localTee(i);
  f.i32Const(1).i32x4ShrS().localTee(n), ki(f, 127).i32x4Add().i32Const(23).i32x4Shl();
  f.f32x4Mul().localGet(i).localGet(n).i32x4Sub(), ki(f, 127).i32x4Add().i32Const(23).i32x4Shl();
  f.f32x4Mul();
}

/** Emits `log` of local `x` (see `ewLog`). */
export function emitLog(f: CodeBuilder, x: number): void {
  const d = f.local("v128"), b = f.local("v128"), e = f.local("v128"), t = f.local("v128");
  const z = f.local("v128");
  f.localGet(x), k(f, 1.1754943508222875e-38).f32x4Lt().localSet(d);
  f.localGet(x), k(f, 8388608).f32x4Mul().localGet(x).localGet(d).v128Bitselect().localSet(b);
  f.localGet(b).i32Const(23).i32x4ShrU(), ki(f, 126).i32x4Sub();
  f.localGet(d), ki(f, -23).v128And().i32x4Add().localSet(e);
  // m in [0.5, 1) into b; below sqrt(1/2): e -= 1, t = 2m - 1, else t = m - 1.
  f.localGet(b), ki(f, 0x007fffff).v128And(), ki(f, 0x3f000000).v128Or().localTee(b);
  k(f, 0.7071067690849304).f32x4Lt().localSet(d);
  f.localGet(e).localGet(d).i32x4Add().localSet(e);
  f.localGet(b).localGet(b).f32x4Add(), k(f, 1).f32x4Sub();
  f.localGet(b), k(f, 1).f32x4Sub().localGet(d).v128Bitselect().localTee(t);
  f.localGet(t).f32x4Mul().localSet(z);
  horner(f, t, [
    0.07037683576345444,
    -0.11514610052108765,
    0.11676998436450958,
    -0.12420140951871872,
    0.14249323308467865,
    -0.16668057441711426,
    0.2000071406364441,
    -0.24999994039535522,
    0.3333333134651184,
  ]);
  f.localGet(t).f32x4Mul().localGet(z).f32x4Mul();
  f.localGet(e).f32x4ConvertI32x4S().localTee(e), k(f, -0.00021219444170128554).f32x4Mul();
  f.f32x4Add().localGet(z), k(f, -0.5).f32x4Mul().f32x4Add();
  f.localGet(t).f32x4Add().localGet(e), k(f, 0.693359375).f32x4Mul().f32x4Add();
  // NaN below 0 (and for NaN), -Infinity at ±0, Infinity at Infinity.
  ki(f, NAN).localGet(x), k(f, 0).f32x4Ge().v128Bitselect();
  ki(f, NEG_INF).localGet(x), k(f, 0).f32x4Ne().v128Bitselect();
  ki(f, INF).localGet(x), ki(f, INF).i32x4Ne().v128Bitselect();
}

/** Pushes `a | (sign bit of x)`. */
function withSignOf(f: CodeBuilder, x: number): void {
  f.localGet(x), ki(f, SIGN).v128And().v128Or();
}

/** Emits `tanh` of local `x` (see `ewTanh`). */
export function emitTanh(f: CodeBuilder, x: number): void {
  const a = f.local("v128"), s = f.local("v128"), r = f.local("v128");
  f.localGet(x).f32x4Abs().localTee(a).localGet(a).f32x4Add().localSet(s);
  emitExp(f, s);
  k(f, 1).f32x4Add().localSet(s), k(f, 1), k(f, 2).localGet(s).f32x4Div().f32x4Sub();
  withSignOf(f, x);
  f.localGet(x).localGet(x).f32x4Mul().localSet(s);
  horner(f, s, [
    -0.0057049887254834175,
    0.0206390880048275,
    -0.05373971536755562,
    0.13331441581249237,
    -0.3333328068256378,
  ]);
  f.localGet(s).f32x4Mul().localGet(x).f32x4Mul().localGet(x).f32x4Add();
  f.localGet(a), k(f, 0.625).f32x4Ge().v128Bitselect().localTee(r);
  f.localGet(x).localGet(r), k(f, 0).f32x4Ne().v128Bitselect();
}

/** Emits `erf` of local `x` (see `ewErf`). */
export function emitErf(f: CodeBuilder, x: number): void {
  const a = f.local("v128"), s = f.local("v128"), u = f.local("v128");
  f.localGet(x).localGet(x).f32x4Mul().localSet(s);
  horner(f, s, [
    0.0000855228427099064,
    -0.0008185741608031094,
    0.005204852670431137,
    -0.026860971003770828,
    0.11283725500106812,
    -0.37612634897232056,
    1.128379225730896,
  ]);
  f.localGet(x).f32x4Mul();
  f.localGet(x).f32x4Abs().localTee(a), k(f, 4).f32x4Pmin(), k(f, 2.450000047683716).f32x4Sub();
  f.localSet(u);
  horner(f, u, [
    0.000001610222966519359,
    -0.000013952066183264833,
    0.00008218188304454088,
    -0.000444083649199456,
    0.0022731367498636246,
    -0.011302238330245018,
    -0.9422318339347839,
    -5.258373737335205,
    -7.541539669036865,
  ]);
  f.localSet(u);
  emitExp(f, u);
  f.localSet(u), k(f, 1).localGet(u).f32x4Sub();
  withSignOf(f, x);
  f.localGet(a), k(f, 0.8999999761581421).f32x4Lt().v128Bitselect();
}

/** Emits `sigmoid` of local `x` (see `ewSigmoid`). */
export function emitSigmoid(f: CodeBuilder, x: number): void {
  const n = f.local("v128");
  f.localGet(x).f32x4Neg().localSet(n);
  k(f, 1);
  k(f, 1);
  emitExp(f, n);
  f.f32x4Add().f32x4Div();
}

/** Emits exact `gelu` of local `x` (see `ewGelu`). */
export function emitGelu(f: CodeBuilder, x: number): void {
  const s = f.local("v128");
  f.localGet(x), k(f, 0.7071067690849304).f32x4Mul().localSet(s);
  f.localGet(x), k(f, 0.5).f32x4Mul(), k(f, 1);
  emitErf(f, s);
  f.f32x4Add().f32x4Mul();
}
