/**
 * Wasm SIMD emitter of t-SNE's KL(P‖Q) terms in 2-D with one degree of
 * freedom (sklearn's error, computed at each check): what `klTermsPlanar`
 * of `_planar_forces.ts` computes, with the same float64 operations in the
 * same order, so the same bits: a row's entries two at a time, one per
 * f64x2 lane (two pairs in flight), the log (`logPositive`, fdlibm's)
 * lane-wise on the float64 words, the terms added to the row's sum in entry
 * order.
 *
 * @module
 */

import { emitKernel, forRange, type WasmKernel } from "../../kernels/wasm/_emit.ts";
import { signature } from "../../kernels/signature.ts";
import type { CodeBuilder } from "../wasm/code_builder.ts";
import { at4, at8 } from "./_wasm_forces.ts";

/** The kernel's parameters: byte addresses of the CSR P (float64 values) and positions, then Z. */
const SIG = signature({
  indptr: "i32*",
  indices: "i32*",
  values: "u8*",
  px: "u8*",
  py: "u8*",
  kl: "u8*",
  sumQ: "float",
});

/** fdlibm's log coefficients (`Lg1` .. `Lg7`) and ln 2 in two parts. */
const LG = [
  6.666666666666735130e-1,
  3.999999999940941908e-1,
  2.857142874366239149e-1,
  2.222219843214978396e-1,
  1.818357216161805012e-1,
  1.531383769920937332e-1,
  1.479819860511658591e-1,
];
const LN2_HI = 6.93147180369123816490e-1, LN2_LO = 1.90821492927058770002e-10;
const TINY = 2 ** -126, HUGE = 2 ** 126;

/** Bytes 4-7 and 12-15 (the i32 lanes 1 and 3, the float64 lanes' high words) to lanes 0 and 1. */
const HIGH_WORDS = [4, 5, 6, 7, 12, 13, 14, 15, 4, 5, 6, 7, 12, 13, 14, 15];

/** The i32x4 constants of the log: its masks and offsets on the float64 lanes' high words. */
const I32 = {
  bias: [1023, 1023, 1023, 1023],
  mantissa: [0, 0xfffff, 0, 0xfffff],
  round: [0, 0x95f64, 0, 0x95f64],
  bit20: [0, 0x100000, 0, 0x100000],
  one: [0, 0x3ff00000, 0, 0x3ff00000],
  high: [0, -1, 0, -1],
};

/** The kernel's v128 constants, in locals set at its start (V8 builds one afresh at each use). */
interface Constants {
  /** The local holding `[v, v]` (f64x2). */
  f64(v: number): number;
  /** The local holding `I32[name]`. */
  i32(name: keyof typeof I32): number;
}

function constants(f: CodeBuilder, f64s: number[]): Constants {
  const doubles = new Map<number, number>(), ints = new Map<string, number>();
  for (const v of f64s) {
    doubles.set(v, f.local("v128", `f${doubles.size}`));
    f.v128ConstF64x2([v, v]).localSet(doubles.get(v) as number);
  }
  for (const [name, lanes] of Object.entries(I32)) {
    ints.set(name, f.local("v128", name));
    f.v128ConstI32x4(lanes).localSet(ints.get(name) as number);
  }
  const get = <K>(map: Map<K, number>, key: K) => {
    const local = map.get(key);
    if (local === undefined) throw new Error(`emitKl(): no constant ${key}`);
    return local;
  };
  return { f64: (v) => get(doubles, v), i32: (name) => get(ints, name) };
}

/**
 * Replaces the f64x2 in local `x` (positive, normal, finite) by its natural
 * log, as `logPositive` computes it; `k`, `m`, `s`, `z`, `t` are scratch v128 locals.
 */
function emitLog(
  f: CodeBuilder,
  x: number,
  k: number,
  m: number,
  s: number,
  z: number,
  t: number,
  K: Constants,
): void {
  const int = (name: keyof typeof I32) => f.localGet(K.i32(name));
  const c = (v: number) => f.localGet(K.f64(v));
  // k = exponent − 1023; m = mantissa's high bits; i = bit 20 of m + 0x95f64.
  f.localGet(x).i32Const(20).i32x4ShrU();
  int("bias").i32x4Sub().localSet(k);
  f.localGet(x);
  int("mantissa").v128And().localSet(m);
  f.localGet(m);
  int("round").i32x4Add();
  int("bit20").v128And().localSet(t);
  // 1 + f: the high words m | (i ^ 0x3ff00000), the low words x's; k += i >>> 20.
  f.localGet(m).localGet(t);
  int("one").v128Xor().v128Or();
  f.localGet(x);
  int("high").v128Bitselect();
  c(1).f64x2Sub().localSet(m); // m = f
  f.localGet(k).localGet(t).i32Const(20).i32x4ShrU().i32x4Add().localTee(k);
  f.localGet(k).i8x16Shuffle(HIGH_WORDS).f64x2ConvertLowI32x4S().localSet(k); // k = dk
  // s = f / (2 + f); z = s²; t = z² (fdlibm's w)
  f.localGet(m);
  c(2).localGet(m).f64x2Add().f64x2Div().localSet(s);
  f.localGet(s).localGet(s).f64x2Mul().localTee(z).localGet(z).f64x2Mul().localSet(t);
  // t1 = t·(lg2 + t·(lg4 + t·lg6)), left on the stack
  f.localGet(t);
  c(LG[1]).localGet(t);
  c(LG[3]).localGet(t);
  c(LG[5]).f64x2Mul().f64x2Add().f64x2Mul().f64x2Add().f64x2Mul();
  // t2 = z·(lg1 + t·(lg3 + t·(lg5 + t·lg7))); r = t2 + t1 (into z)
  f.localGet(z);
  c(LG[0]).localGet(t);
  c(LG[2]).localGet(t);
  c(LG[4]).localGet(t);
  c(LG[6]).f64x2Mul().f64x2Add().f64x2Mul().f64x2Add().f64x2Mul().f64x2Add().f64x2Mul();
  f.f64x2Add().localSet(z);
  // hfsq = 0.5·f·f (into t); log = dk·ln2Hi − ((hfsq − (s·(hfsq + r) + dk·ln2Lo)) − f)
  c(0.5).localGet(m).f64x2Mul().localGet(m).f64x2Mul().localSet(t);
  f.localGet(k);
  c(LN2_HI).f64x2Mul();
  f.localGet(t);
  f.localGet(s).localGet(t).localGet(z).f64x2Add().f64x2Mul();
  f.localGet(k);
  c(LN2_LO).f64x2Mul().f64x2Add().f64x2Sub().localGet(m).f64x2Sub().f64x2Sub().localSet(x);
}

/**
 * `run(indptr, indices, values, px, py, kl, sumQ, start, end)`: `kl[i]`
 * for the rows `[start, end)` of the CSR P (i32 `indptr`, `indices`,
 * float64 `values`) at float64 positions `px`, `py`, given Z.
 */
export function emitKl(): WasmKernel {
  return emitKernel("tsne kl 2-D f64 dof=1", SIG, {}, ({ f, p }) => {
    const i32 = (name: string) => f.local("i32", name), v = (name: string) => f.local("v128", name);
    const i = i32("i"), e = i32("e"), stop = i32("stop");
    const sum = f.local("f64", "sum");
    const xi = v("xi"), yi = v("yi"), sumQ = v("sumQ");
    // Two sets of locals: two pairs of entries in flight (the log's chain is long).
    const sets = ["a", "b"].map((n) => {
      const [pv, x, dy, k, m, s, z, t] = ["pv", "x", "dy", "k", "m", "s", "z", "t"].map((l) =>
        v(l + n)
      );
      return { j0: i32(`j0${n}`), j1: i32(`j1${n}`), pv, x, dy, k, m, s, z, t };
    });
    f.localGet(p.sumQ).f64x2Splat().localSet(sumQ);
    const K = constants(f, [1, 2, 0.5, TINY, HUGE, LN2_HI, LN2_LO, ...LG]);
    /** Entries e + 2·pair (lane 0) and the next (lane 1; `one`: the same again): terms into x. */
    const terms = (set: (typeof sets)[number], pair: number, one = false) => {
      const { j0, j1, pv, x, dy, k, m, s, z, t } = set;
      at4(f, p.indices, e).localTee(j1).i32Load({ offset: 8 * pair, align: 4 }).localSet(j0);
      if (one) f.localGet(j0).localSet(j1);
      else f.localGet(j1).i32Load({ offset: 8 * pair + 4, align: 4 }).localSet(j1);
      for (const [xs, out] of [[p.px, x], [p.py, dy]]) {
        at8(f, xs, j0).v128Load64Splat({ align: 8 });
        at8(f, xs, j1).f64Load({ align: 8 }).f64x2ReplaceLane(1).localSet(out);
      }
      f.localGet(xi).localGet(x).f64x2Sub().localTee(x).localGet(x).f64x2Mul();
      f.localGet(yi).localGet(dy).f64x2Sub().localTee(dy).localGet(dy).f64x2Mul().f64x2Add();
      f.localGet(K.f64(1)).f64x2Add().localSet(x); // 1 + d²
      at8(f, p.values, e);
      if (one) f.v128Load64Splat({ offset: 16 * pair, align: 8 });
      else f.v128Load({ offset: 16 * pair, align: 8 });
      // max(p, tiny) · min((1 + d²) · Z, 1 / tiny)
      f.localTee(pv).localGet(K.f64(TINY)).f64x2Max();
      f.localGet(x).localGet(sumQ).f64x2Mul().localGet(K.f64(HUGE)).f64x2Min();
      f.f64x2Mul().localSet(x);
      emitLog(f, x, k, m, s, z, t, K);
      f.localGet(pv).localGet(x).f64x2Mul().localSet(x);
    };
    /** Adds a set's terms to the row's sum, lane 0 then lane 1 (not for `one`). */
    const add = (set: (typeof sets)[number], one = false) => {
      f.localGet(sum).localGet(set.x).f64x2ExtractLane(0).f64Add().localSet(sum);
      if (!one) f.localGet(sum).localGet(set.x).f64x2ExtractLane(1).f64Add().localSet(sum);
    };
    forRange(f, i, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      at8(f, p.px, i).v128Load64Splat({ align: 8 }).localSet(xi);
      at8(f, p.py, i).v128Load64Splat({ align: 8 }).localSet(yi);
      f.f64Const(0).localSet(sum);
      at4(f, p.indptr, i).localTee(e).i32Load({ offset: 4, align: 4 }).localSet(stop);
      f.localGet(e).i32Load({ align: 4 }).localSet(e);
      f.block((done) =>
        f.loop((quads) => {
          f.localGet(e).i32Const(3).i32Add().localGet(stop).i32GeS().brIf(done);
          terms(sets[0], 0);
          terms(sets[1], 1);
          add(sets[0]);
          add(sets[1]);
          f.localGet(e).i32Const(4).i32Add().localSet(e).br(quads);
        })
      );
      f.localGet(e).i32Const(1).i32Add().localGet(stop).i32LtS();
      f.if(() => {
        terms(sets[0], 0);
        add(sets[0]);
        f.localGet(e).i32Const(2).i32Add().localSet(e);
      });
      f.localGet(e).localGet(stop).i32LtS();
      f.if(() => {
        terms(sets[0], 0, true);
        add(sets[0], true);
      });
      at8(f, p.kl, i).localGet(sum).f64Store({ align: 8 });
    });
  });
}
