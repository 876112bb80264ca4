/**
 * The float64 functions of `kernels/_math64.ts` as f64x2 code: the same
 * float64 operations in the same order (so the same roundings, bit for bit),
 * the exponent and quadrant taken from the bits with integer lane
 * operations (exact, as in the JS reference), branches turned into selects
 * and sign flips. Each emitter reads its argument from a v128 local.
 *
 * Constants live in locals set once before the loops (V8 rebuilds a
 * `v128.const` on every use): a kernel calls `hoistMath64` before its loops.
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import { ModuleBuilder } from "../../src/wasm/module_builder.ts";

/** The hoisted constants of one function body, keyed `d<float64>` or `i<lo>,<hi>`. */
const hoisted = new WeakMap<CodeBuilder, Map<string, number>>();
/** Set while `hoistMath64` records which constants the emitters use. */
let recording: Set<string> | undefined;

function konst(f: CodeBuilder, key: string, push: () => CodeBuilder): CodeBuilder {
  recording?.add(key);
  const l = hoisted.get(f)?.get(key);
  return l === undefined ? push() : f.localGet(l);
}

/** Pushes a splat f64 constant. */
function kd(f: CodeBuilder, c: number): CodeBuilder {
  return konst(f, `d${c}`, () => f.v128ConstF64x2([c, c]));
}

/** Pushes an i32x4 constant of the lanes `[lo, hi, lo, hi]` (a 64-bit pattern per f64 lane). */
function kq(f: CodeBuilder, lo: number, hi: number): CodeBuilder {
  return konst(f, `i${lo},${hi}`, () => f.v128ConstI32x4([lo, hi, lo, hi]));
}

/**
 * Emits, where it is called, locals holding every constant of `emitLogF64`
 * and `emitSinCosTurnF64`; later uses on `f` read those locals.
 */
export function hoistMath64(f: CodeBuilder): void {
  const keys = new Set<string>();
  recording = keys;
  try {
    const g = new ModuleBuilder().addFunction("scratch", { params: ["v128"] });
    emitLogF64(g, 0);
    emitSinCosTurnF64(g, 0, 0, 0);
  } finally {
    recording = undefined;
  }
  const map = new Map<string, number>();
  for (const key of keys) {
    const l = f.local("v128");
    if (key[0] === "d") f.v128ConstF64x2([Number(key.slice(1)), Number(key.slice(1))]);
    else {
      const [lo, hi] = key.slice(1).split(",").map(Number);
      f.v128ConstI32x4([lo, hi, lo, hi]);
    }
    f.localSet(l);
    map.set(key, l);
  }
  hoisted.set(f, map);
}

/** Pushes `((c0 x + c1) x + c2) ...`, rounding each product and sum. */
function horner(f: CodeBuilder, x: number, coeffs: readonly number[]): void {
  kd(f, coeffs[0]);
  for (const c of coeffs.slice(1)) kd(f.localGet(x).f64x2Mul(), c).f64x2Add();
}

/** Emits `logF64` of local `x` (positive normal lanes). */
export function emitLogF64(f: CodeBuilder, x: number): void {
  const k = f.local("v128"), m = f.local("v128"), t = f.local("v128"), fm = f.local("v128");
  const s = f.local("v128"), z = f.local("v128"), w = f.local("v128"), h = f.local("v128");
  // k: the high words' exponent fields, as float64; m: x with the exponent of 1.
  f.localGet(x).i32Const(20).i32x4ShrU().localTee(t).localGet(t);
  f.i8x16Shuffle([4, 5, 6, 7, 12, 13, 14, 15, 4, 5, 6, 7, 12, 13, 14, 15]);
  kq(f, 1023, 1023).i32x4Sub().f64x2ConvertLowI32x4S().localSet(k);
  f.localGet(x), kq(f, -1, 0xfffff).v128And(), kq(f, 0, 0x3ff00000).v128Or().localTee(m);
  kd(f, 1.4142135623730951).f64x2Ge().localSet(t);
  f.localGet(m), kd(f, 0.5).f64x2Mul().localGet(m).localGet(t).v128Bitselect().localSet(m);
  f.localGet(k).localGet(t), kd(f, 1).v128And().f64x2Add().localSet(k);
  f.localGet(m), kd(f, 1).f64x2Sub().localTee(fm);
  kd(f, 2).localGet(fm).f64x2Add().f64x2Div().localTee(s).localGet(s).f64x2Mul().localTee(z);
  f.localGet(z).f64x2Mul().localSet(w);
  horner(f, w, [0.15313837699209373, 0.22222198432149784, 0.3999999999940942]);
  f.localGet(w).f64x2Mul().localSet(t); // t1
  horner(f, w, [0.14798198605116586, 0.1818357216161805, 0.2857142874366239, 0.6666666666666735]);
  f.localGet(z).f64x2Mul().localGet(t).f64x2Add().localSet(t); // r = t2 + t1
  kd(f, 0.5).localGet(fm).f64x2Mul().localGet(fm).f64x2Mul().localSet(h); // hfsq
  f.localGet(k), kd(f, 0.6931471803691238).f64x2Mul();
  f.localGet(h).localGet(s).localGet(h).localGet(t).f64x2Add().f64x2Mul();
  f.localGet(k), kd(f, 1.9082149292705877e-10).f64x2Mul().f64x2Add();
  f.f64x2Sub().localGet(fm).f64x2Sub().f64x2Sub();
}

/** Pushes `sinKernelF64` of local `x`, with `z = x * x` in local `z`. */
function sinKernel(f: CodeBuilder, x: number, z: number): void {
  horner(f, z, [
    1.58969099521155e-10,
    -2.5050760253406863e-8,
    0.0000027557313707070068,
    -0.0001984126982985795,
    0.00833333333332249,
  ]);
  f.localGet(z).f64x2Mul(), kd(f, -0.16666666666666632).f64x2Add();
  f.localGet(z).localGet(x).f64x2Mul().f64x2Mul().localGet(x).f64x2Add();
}

/**
 * Emits `cosTurnF64` and `sinTurnF64` of local `v` (lanes in `[0, 1]`) into
 * the locals `cos` and `sin`.
 */
export function emitSinCosTurnF64(f: CodeBuilder, v: number, cos: number, sin: number): void {
  const t = f.local("v128"), x = f.local("v128"), z = f.local("v128"), a = f.local("v128");
  const c = f.local("v128"), hz = f.local("v128"), r = f.local("v128");
  const magic = 6755399441055744;
  f.localGet(v), kd(f, 4).f64x2Mul(), kd(f, magic).f64x2Add().localTee(t);
  kd(f, magic).f64x2Sub().localSet(x); // q
  f.localGet(v).localGet(x), kd(f, 0.25).f64x2Mul().f64x2Sub();
  kd(f, 6.283185307179586).f64x2Mul().localTee(x).localGet(x).f64x2Mul().localSet(z);
  // cos kernel: r, hz, c = 1 - hz, c + (((1 - c) - hz) + z r)
  f.localGet(z);
  horner(f, z, [0.00002480158728947673, -0.001388888888887411, 0.0416666666666666]);
  f.f64x2Mul().localGet(z).localGet(z).f64x2Mul().localTee(r).localGet(r).f64x2Mul();
  horner(f, z, [-1.1359647557788195e-11, 2.087572321298175e-9, -2.7557314351390663e-7]);
  f.f64x2Mul().f64x2Add().localSet(r);
  kd(f, 0.5).localGet(z).f64x2Mul().localSet(hz);
  kd(f, 1).localGet(hz).f64x2Sub().localTee(c);
  kd(f, 1).localGet(c).f64x2Sub().localGet(hz).f64x2Sub();
  f.localGet(z).localGet(r).f64x2Mul().f64x2Add().f64x2Add().localSet(c);
  sinKernel(f, x, z);
  f.localSet(hz); // S
  // The quadrant j = q mod 4: the low word of t; a = its copies in every word of the lane.
  f.localGet(t).localGet(t);
  f.i8x16Shuffle([0, 1, 2, 3, 0, 1, 2, 3, 8, 9, 10, 11, 8, 9, 10, 11]).localSet(a);
  f.localGet(a).i32Const(31).i32x4Shl().i32Const(31).i32x4ShrS().localSet(t); // j odd
  f.localGet(hz).localGet(c).localGet(t).v128Bitselect();
  f.localGet(a).i32Const(31).i32x4Shl().localGet(a).i32Const(30).i32x4Shl().v128Xor();
  kq(f, 0, -2147483648).v128And().v128Xor().localSet(cos);
  f.localGet(c).localGet(hz).localGet(t).v128Bitselect();
  f.localGet(a).i32Const(30).i32x4Shl(), kq(f, 0, -2147483648).v128And().v128Xor().localSet(sin);
}
