/**
 * Wasm SIMD emitter of t-SNE's KL(P‖Q) terms in 2-D with one degree of
 * freedom (sklearn's error, computed at each check): what `klTermsPlanar`
 * of `_planar_forces.ts` computes, with the same float64 operations in the
 * same order, so the same bits: a row's entries two at a time, one per
 * f64x2 lane (two pairs in flight), the log by `emitLogF64` (the f64x2 twin
 * of `logF64`), the terms added to the row's sum in entry order.
 *
 * @module
 */

import { emitKernel, forRange, type WasmKernel } from "../../kernels/wasm/_emit.ts";
import { emitLogF64, hoistMath64 } from "../../kernels/wasm/_math64.ts";
import { signature } from "../../kernels/signature.ts";
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
      const [pv, x, dy] = ["pv", "x", "dy"].map((l) => v(l + n));
      return { j0: i32(`j0${n}`), j1: i32(`j1${n}`), pv, x, dy };
    });
    f.localGet(p.sumQ).f64x2Splat().localSet(sumQ);
    // Constants in locals set once (V8 builds a v128 constant afresh at each use).
    hoistMath64(f);
    const [unit, tiny, huge] = [1, 2 ** -126, 2 ** 126].map((c, i) => {
      const l = v(`c${i}`);
      f.v128ConstF64x2([c, c]).localSet(l);
      return l;
    });
    /** Entries e + 2·pair (lane 0) and the next (lane 1; `one`: the same again): terms into x. */
    const terms = (set: (typeof sets)[number], pair: number, one = false) => {
      const { j0, j1, pv, x, dy } = set;
      at4(f, p.indices, e).localTee(j1).i32Load({ offset: 8 * pair, align: 4 }).localSet(j0);
      if (one) f.localGet(j0).localSet(j1);
      else f.localGet(j1).i32Load({ offset: 8 * pair + 4, align: 4 }).localSet(j1);
      for (const [xs, out] of [[p.px, x], [p.py, dy]]) {
        at8(f, xs, j0).v128Load64Splat({ align: 8 });
        at8(f, xs, j1).f64Load({ align: 8 }).f64x2ReplaceLane(1).localSet(out);
      }
      f.localGet(xi).localGet(x).f64x2Sub().localTee(x).localGet(x).f64x2Mul();
      f.localGet(yi).localGet(dy).f64x2Sub().localTee(dy).localGet(dy).f64x2Mul().f64x2Add();
      f.localGet(unit).f64x2Add().localSet(x); // 1 + d²
      at8(f, p.values, e);
      if (one) f.v128Load64Splat({ offset: 16 * pair, align: 8 });
      else f.v128Load({ offset: 16 * pair, align: 8 });
      // max(p, tiny) · min((1 + d²) · Z, 1 / tiny)
      f.localTee(pv).localGet(tiny).f64x2Max();
      f.localGet(x).localGet(sumQ).f64x2Mul().localGet(huge).f64x2Min();
      f.f64x2Mul().localSet(x);
      f.localGet(pv);
      emitLogF64(f, x);
      f.f64x2Mul().localSet(x);
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
