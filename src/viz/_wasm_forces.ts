/**
 * Wasm SIMD emitter of t-SNE's 2-D Barnes-Hut attraction (the repulsion's is
 * `_wasm_repulsion.ts`), and helpers of both. Forces (one degree of
 * freedom, what `tsne()` runs by default), emitted with the kernels' module
 * frame (`emitKernel`: the shared arena imported as `env.memory`, one
 * exported `run(args..., start, end)`). They compute what
 * `repulsionPlanar` and `attraction` of `_barnes_hut_forces.ts` compute,
 * with the same float64 operations in the same order, so their results are
 * the same bits: a point's (x, y) is one f64x2, and the lane-wise
 * subtractions, products and sums are the scalar ones side by side.
 *
 * @module
 */

import { emitKernel, forRange, type WasmKernel } from "../../kernels/wasm/_emit.ts";
import { signature } from "../../kernels/signature.ts";
import type { CodeBuilder } from "../wasm/code_builder.ts";

/** Pushes the byte address `base + i * 8`. */
export function at8(f: CodeBuilder, base: number, i: number): CodeBuilder {
  return f.localGet(base).localGet(i).i32Const(8).i32Mul().i32Add();
}

/** Pushes the f64x2 `(px[i], py[i])`. */
function pointAt(f: CodeBuilder, px: number, py: number, i: number): void {
  at8(f, px, i).f64Load({ align: 8 }).f64x2Splat();
  at8(f, py, i).f64Load({ align: 8 }).f64x2ReplaceLane(1);
}

/** Stores lane 0 and lane 1 of the f64x2 local `v` at `xs[i]` and `ys[i]`. */
function storePair(f: CodeBuilder, xs: number, ys: number, i: number, v: number): void {
  at8(f, xs, i).localGet(v).f64x2ExtractLane(0).f64Store({ align: 8 });
  at8(f, ys, i).localGet(v).f64x2ExtractLane(1).f64Store({ align: 8 });
}

/** Bytes of lane 0 of two f64x2, and of lane 1 (`i8x16.shuffle`). */
const LOW = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
const HIGH = LOW.map((b) => b + 8);

/** The attraction kernel's parameters (see `kernels/signature.ts`): `values` and the coordinates are f64. */
const SIG = signature({
  indptr: "i32*",
  indices: "i32*",
  values: "u8*",
  px: "u8*",
  py: "u8*",
  ax: "u8*",
  ay: "u8*",
});

/**
 * `run(indptr, indices, values, px, py, ax, ay, start, end)`: attractive
 * forces `Σⱼ pᵢⱼ·qᵢⱼ·(yᵢ − yⱼ)` of points `[start, end)` over the sparse P
 * (CSR, i32 `indptr` and `indices`, f64 `values`). A row's entries go two
 * at a time, one per lane (one f64x2 division for both q's), their terms
 * added to the force in entry order; an odd last entry goes alone. Returns 0.
 */
export function emitAttraction(): WasmKernel {
  return emitKernel("tsne_attraction 2-D dof=1", SIG, {}, ({ f, p }) => {
    const i = f.local("i32", "i"), e = f.local("i32", "e"), stop = f.local("i32", "stop");
    const j = f.local("i32", "j"), point = f.local("v128", "point"), d = f.local("v128", "d");
    const m = f.local("v128", "m"), force = f.local("v128", "force");
    const q = f.local("f64", "q");
    const j2 = f.local("i32", "j2"), xs = f.local("v128", "xs"), ys = f.local("v128", "ys");
    const dx = f.local("v128", "dx"), dy = f.local("v128", "dy");
    forRange(f, i, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      pointAt(f, p.px, p.py, i);
      f.localSet(point);
      at8(f, p.px, i).v128Load64Splat({ align: 8 }).localSet(xs);
      at8(f, p.py, i).v128Load64Splat({ align: 8 }).localSet(ys);
      f.v128ConstF64x2([0, 0]).localSet(force);
      f.localGet(p.indptr).localGet(i).i32Const(4).i32Mul().i32Add();
      f.localTee(e).i32Load({ offset: 4, align: 4 }).localSet(stop);
      f.localGet(e).i32Load({ align: 4 }).localSet(e);
      // Two entries at a time, one per lane: their dx, dy and q side by side, their
      // terms added to the force one after the other (the scalar sums, in order).
      f.block((single) =>
        f.loop((pairs) => {
          f.localGet(e).i32Const(1).i32Add().localGet(stop).i32GeS().brIf(single);
          f.localGet(p.indices).localGet(e).i32Const(4).i32Mul().i32Add().localTee(j);
          f.i32Load({ offset: 4, align: 4 }).localSet(j2);
          f.localGet(j).i32Load({ align: 4 }).localSet(j);
          for (const [base, own, out] of [[p.px, xs, dx], [p.py, ys, dy]]) {
            f.localGet(own);
            at8(f, base, j).f64Load({ align: 8 }).f64x2Splat();
            at8(f, base, j2).f64Load({ align: 8 }).f64x2ReplaceLane(1);
            f.f64x2Sub().localSet(out);
          }
          // q = 1 / ((1 + dx²) + dy²) per lane; m = p·q.
          f.v128ConstF64x2([1, 1]).v128ConstF64x2([1, 1]).localGet(dx).localGet(dx).f64x2Mul();
          f.f64x2Add().localGet(dy).localGet(dy).f64x2Mul().f64x2Add().f64x2Div().localSet(m);
          at8(f, p.values, e).v128Load({ align: 8 }).localGet(m).f64x2Mul().localTee(m);
          f.localGet(dx).f64x2Mul().localSet(dx);
          f.localGet(m).localGet(dy).f64x2Mul().localSet(dy);
          // force += (m₀·dx₀, m₀·dy₀), then += (m₁·dx₁, m₁·dy₁)
          f.localGet(force).localGet(dx).localGet(dy).i8x16Shuffle(LOW).f64x2Add();
          f.localGet(dx).localGet(dy).i8x16Shuffle(HIGH).f64x2Add().localSet(force);
          f.localGet(e).i32Const(2).i32Add().localSet(e).br(pairs);
        })
      );
      f.localGet(e).localGet(stop).i32LtS();
      f.if(() => {
        f.localGet(p.indices).localGet(e).i32Const(4).i32Mul().i32Add().i32Load({ align: 4 });
        f.localSet(j);
        f.localGet(point);
        pointAt(f, p.px, p.py, j);
        f.f64x2Sub().localSet(d);
        // q = 1 / (((1 + dx²) + dy²) + dz²), as the JS reference sums it (dz² = +0 changes nothing).
        f.f64Const(1).f64Const(1).localGet(d).localGet(d).f64x2Mul().localTee(m).f64x2ExtractLane(
          0,
        );
        f.f64Add().localGet(m).f64x2ExtractLane(1).f64Add().f64Div().localSet(q);
        // force += (p·q) · d
        f.localGet(force);
        at8(f, p.values, e).f64Load({ align: 8 }).localGet(q);
        f.f64Mul().f64x2Splat().localGet(d).f64x2Mul().f64x2Add().localSet(force);
      });
      storePair(f, p.ax, p.ay, i, force);
    });
  });
}
