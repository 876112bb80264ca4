/**
 * Wasm `quantise_rows`: the int8 copy of unit rows, in float64 scalar code
 * with the operations and rounding of `kernels/quantise_rows.ts` (same
 * contract, bit for bit).
 *
 * @module
 */

import { quantiseRows, type QuantiseRowsSpec } from "../quantise_rows.ts";
import { addr, emitKernel, forRange, type WasmKernel } from "./_emit.ts";

/** Emits the row quantiser for a row width `D` and padded width `P`. */
export function emitQuantiseRows(s: QuantiseRowsSpec): WasmKernel {
  const { D, P } = s;
  return emitKernel(`quantise_rows D=${D} P=${P}`, quantiseRows.sig, s, ({ f, p }) => {
    const r = f.local("i32", "r"), d = f.local("i32", "d");
    const row = f.local("i32", "row"), out = f.local("i32", "out");
    const [x, sq, max, n, inv, k, u, y, err, e] = [
      "x",
      "sq",
      "max",
      "n",
      "inv",
      "k",
      "u",
      "y",
      "err",
      "e",
    ]
      .map((name) => f.local("f64", name));
    const scale = f.local("f32", "scale"), code = f.local("i32", "code");
    const loadX = () => addr(f, row, d, 4).f32Load().f64PromoteF32();
    forRange(f, r, () => f.localGet(p.start), () => f.localGet(p.end), (next) => {
      addr(f, p.W, r, D * 4).localSet(row);
      addr(f, p.codes, r, P).localSet(out);
      f.f64Const(0).localSet(sq).f64Const(0).localSet(max);
      forRange(f, d, () => f.i32Const(0), () => f.i32Const(D), () => {
        loadX().localTee(x).localGet(x).f64Mul().localGet(sq).f64Add().localSet(sq);
        f.localGet(max).localGet(x).f64Abs().f64Max().localSet(max);
      });
      forRange(f, d, () => f.i32Const(0), () => f.i32Const(P), () => {
        f.localGet(out).localGet(d).i32Add().i32Const(0).i32Store8();
      });
      f.localGet(sq).f64Sqrt().localSet(n);
      // !(n >= 1e-20 && n <= 1e30): always rescored.
      f.localGet(n).f64Const(1e-20).f64Ge().localGet(n).f64Const(1e30).f64Le().i32And().i32Eqz();
      f.if(() => {
        addr(f, p.scales, r, 4).f32Const(0).f32Store();
        addr(f, p.errors, r, 4).f32Const(Infinity).f32Store();
        f.br(next);
      });
      f.f64Const(1).localGet(n).f64Div().localSet(inv);
      f.localGet(max).localGet(inv).f64Mul().f64Const(127).f64Div().f32DemoteF64().localSet(scale);
      f.f64Const(1).localGet(scale).f64PromoteF32().f64Div().localSet(k);
      f.f64Const(0).localSet(err);
      forRange(f, d, () => f.i32Const(0), () => f.i32Const(D), () => {
        loadX().localGet(inv).f64Mul().localTee(u).localGet(k).f64Mul().localSet(y);
        // floor(y + 0.5), clamped to [-127, 127]
        f.localGet(y).f64Const(0.5).f64Add().f64Floor().i32TruncSatF64S().localSet(code);
        f.i32Const(-127).localGet(code).localGet(code).i32Const(-127).i32LtS().select().localSet(
          code,
        );
        f.i32Const(127).localGet(code).localGet(code).i32Const(127).i32GtS().select().localSet(
          code,
        );
        f.localGet(out).localGet(d).i32Add().localGet(code).i32Store8();
        f.localGet(u).localGet(scale).f64PromoteF32().localGet(code).f64ConvertI32S().f64Mul();
        f.f64Sub().localTee(e).localGet(e).f64Mul().localGet(err).f64Add().localSet(err);
      });
      addr(f, p.scales, r, 4).localGet(scale).f32Store();
      addr(f, p.errors, r, 4);
      f.localGet(err).f64Sqrt().f64Const(1 + 2 ** -20).f64Mul().f64Const(1e-12).f64Add();
      f.f32DemoteF64().f32Store();
    });
  });
}
