/**
 * Wasm `quantise_rows`: the int8 copy of unit rows, with the operations and
 * rounding of `kernels/quantise_rows.ts` (same contract, bit for bit): the
 * float64 arithmetic runs on f64x2 lanes, two elements of a row at a time
 * (the sums as two lanes, as the contract orders them), and the last
 * element of an odd row width in scalar code.
 *
 * @module
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import { quantiseRows, type QuantiseRowsSpec } from "../quantise_rows.ts";
import { addr, emitKernel, forRange, type WasmKernel } from "./_emit.ts";

/**
 * Adding 2^52 + 2^51 to an integral float64 in [-2^31, 2^31) leaves the
 * integer, two's complement, in the low 32 bits of the sum's bits.
 */
const MAGIC = 2 ** 52 + 2 ** 51;
/** Bytes 0 and 8 (the low bytes of the two lanes) to bytes 0 and 1. */
const LOW_BYTES = [0, 8, 0, 8, 0, 8, 0, 8, 0, 8, 0, 8, 0, 8, 0, 8];

/** Emits the row quantiser for a row width `D` and padded width `P`. */
export function emitQuantiseRows(s: QuantiseRowsSpec): WasmKernel {
  const { D, P } = s, even = D - (D & 1);
  return emitKernel(`quantise_rows D=${D} P=${P}`, quantiseRows.sig, s, ({ f, p }) => {
    const [r, j, row, out] = ["r", "j", "row", "out"].map((n) => f.local("i32", n));
    const [sq, max, n, inv, k, err, u, e] = ["sq", "max", "n", "inv", "k", "err", "u", "e"]
      .map((name) => f.local("f64", name));
    const [v, sq2, max2, inv2, k2, s2, u2, c2, e2, magic] = ["v", "sq2", "max2", "inv2", "k2"]
      .concat(["s2", "u2", "c2", "e2", "magic"]).map((name) => f.local("v128", name));
    const scale = f.local("f32", "scale");
    const pair = () => addr(f, row, j, 8).v128Load64Zero({ align: 4 }).f64x2PromoteLowF32x4();
    const last = () => f.localGet(row).f32Load({ offset: 4 * even, align: 4 }).f64PromoteF32();
    const splat = (x: number) => f.f64Const(x).f64x2Splat();
    const lanes = (x: number) => f.localGet(x).f64x2ExtractLane(0).localGet(x).f64x2ExtractLane(1);
    forRange(f, r, () => f.localGet(p.start), () => f.localGet(p.end), (next) => {
      addr(f, p.W, r, D * 4).localSet(row);
      addr(f, p.codes, r, P).localSet(out);
      splat(0).localTee(sq2).localSet(max2);
      forRange(f, j, () => f.i32Const(0), () => f.i32Const(even / 2), () => {
        pair().localTee(v).localGet(v).f64x2Mul().localGet(sq2).f64x2Add().localSet(sq2);
        f.localGet(max2).localGet(v).f64x2Abs().f64x2Pmax().localSet(max2);
      });
      lanes(sq2).f64Add().localSet(sq);
      lanes(max2).f64Max().localSet(max);
      if (even < D) {
        last().localTee(u).localGet(u).f64Mul().localGet(sq).f64Add().localSet(sq);
        f.localGet(max).localGet(u).f64Abs().f64Max().localSet(max);
      }
      for (let j = 0; j < P; j += 16) {
        f.localGet(out).v128Const(new Uint8Array(16)).v128Store({ offset: j, align: 1 });
      }
      f.localGet(sq).f64Sqrt().localSet(n);
      // !(n >= 1e-20 && n <= 1e30): always rescored.
      f.localGet(n).f64Const(1e-20).f64Ge().localGet(n).f64Const(1e30).f64Le().i32And().i32Eqz();
      f.if(() => {
        addr(f, p.scales, r, 4).f32Const(0).f32Store();
        addr(f, p.errors, r, 4).f32Const(Infinity).f32Store();
        f.br(next);
      });
      f.f64Const(1).localGet(n).f64Div().localTee(inv).f64x2Splat().localSet(inv2);
      f.localGet(max).localGet(inv).f64Mul().f64Const(127).f64Div().f32DemoteF64().localSet(scale);
      f.f64Const(1).localGet(scale).f64PromoteF32().f64Div().localTee(k).f64x2Splat().localSet(k2);
      f.localGet(scale).f64PromoteF32().f64x2Splat().localSet(s2);
      splat(0).localSet(e2);
      splat(MAGIC).localSet(magic);
      forRange(f, j, () => f.i32Const(0), () => f.i32Const(even / 2), () => {
        pair().localGet(inv2).f64x2Mul().localTee(u2).localGet(k2).f64x2Mul();
        splat(0.5).f64x2Add().f64x2Floor().localSet(c2);
        splat(127).localGet(c2).f64x2Pmin().localSet(c2);
        splat(-127).localGet(c2).f64x2Pmax().localSet(c2);
        addr(f, out, j, 2);
        f.localGet(c2).localGet(magic).f64x2Add().localTee(v).localGet(v).i8x16Shuffle(LOW_BYTES);
        f.v128Store16Lane(0, { align: 1 });
        f.localGet(u2).localGet(s2).localGet(c2).f64x2Mul().f64x2Sub().localTee(v);
        f.localGet(v).f64x2Mul().localGet(e2).f64x2Add().localSet(e2);
      });
      lanes(e2).f64Add().localSet(err);
      if (even < D) oddTail(f, { out, u, e, err, inv, k, scale }, last, even);
      addr(f, p.scales, r, 4).localGet(scale).f32Store();
      addr(f, p.errors, r, 4);
      f.localGet(err).f64Sqrt().f64Const(1 + 2 ** -20).f64Mul().f64Const(1e-12).f64Add();
      f.f32DemoteF64().f32Store();
    });
  });
}

/** The last element of an odd row: its code, and its squared error added to `err`. */
function oddTail(
  f: CodeBuilder,
  l: Record<"out" | "u" | "e" | "err" | "inv" | "k" | "scale", number>,
  last: () => void,
  at: number,
): void {
  const code = f.local("i32", "code");
  last(), f.localGet(l.inv).f64Mul().localTee(l.u).localGet(l.k).f64Mul();
  f.f64Const(0.5).f64Add().f64Floor().i32TruncSatF64S().localSet(code);
  f.i32Const(127).localGet(code).localGet(code).i32Const(127).i32GtS().select().localSet(code);
  f.i32Const(-127).localGet(code).localGet(code).i32Const(-127).i32LtS().select().localSet(code);
  f.localGet(l.out).localGet(code).i32Store8({ offset: at });
  f.localGet(l.u).localGet(l.scale).f64PromoteF32().localGet(code).f64ConvertI32S().f64Mul();
  f.f64Sub().localTee(l.e).localGet(l.e).f64Mul().localGet(l.err).f64Add().localSet(l.err);
}
