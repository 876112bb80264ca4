/**
 * Wasm SIMD emitters of t-SNE's 2-D Barnes-Hut forces (one degree of
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
import type { CodeBuilder } from "../wasm/code_builder.ts";

/** Bytes of a packed 2-D cell `[bx, by, width2, size]`. */
const CELL = 32;

/** Pushes the byte address `base + i * 8`. */
function at8(f: CodeBuilder, base: number, i: number): CodeBuilder {
  return f.localGet(base).localGet(i).i32Const(8).i32Mul().i32Add();
}

/** Pushes the f64x2 `(px[i], py[i])`. */
function pointAt(f: CodeBuilder, px: number, py: number, i: number): void {
  at8(f, px, i).f64Load({ align: 8 }).f64x2Splat();
  at8(f, py, i).f64Load({ align: 8 }).f64x2ReplaceLane(1);
}

/** Pushes `d.x * d.x + d.y * d.y` of the f64x2 local `d` (`m` is v128 scratch). */
function squaredNorm(f: CodeBuilder, d: number, m: number): void {
  f.localGet(d).localGet(d).f64x2Mul().localTee(m).f64x2ExtractLane(0);
  f.localGet(m).f64x2ExtractLane(1).f64Add();
}

/** Stores lane 0 and lane 1 of the f64x2 local `v` at `xs[i]` and `ys[i]`. */
function storePair(f: CodeBuilder, xs: number, ys: number, i: number, v: number): void {
  at8(f, xs, i).localGet(v).f64x2ExtractLane(0).f64Store({ align: 8 });
  at8(f, ys, i).localGet(v).f64x2ExtractLane(1).f64Store({ align: 8 });
}

/** Pushes `1 / (1 + d2)`, the Student-t kernel with one degree of freedom. */
function studentT(f: CodeBuilder, d2: number): void {
  f.f64Const(1).f64Const(1).localGet(d2).f64Add().f64Div();
}

/**
 * `run(px, py, nx, ny, sq, child, packed, stack, cap, theta2, start, end)`:
 * repulsive forces and shares of Z of points `[start, end)` against a 2-D
 * tree's cells (`child` i32 per cell, `packed` 4 f64 per cell), depth first
 * on a stack of `cap` i32 entries. Returns 1 if the stack would overflow
 * (the caller then runs the JS reference on the range), else 0.
 */
export function emitRepulsion(): WasmKernel {
  const params = [
    ["px", "i32"],
    ["py", "i32"],
    ["nx", "i32"],
    ["ny", "i32"],
    ["sq", "i32"],
    ["child", "i32"],
    ["packed", "i32"],
    ["stack", "i32"],
    ["cap", "i32"],
    ["theta2", "f64"],
  ] as const;
  return emitKernel("tsne_repulsion 2-D dof=1", params, ({ f, p }) => {
    const i = f.local("i32", "i"), top = f.local("i32", "top"), cell = f.local("i32", "cell");
    const first = f.local("i32", "first"), at = f.local("i32", "at");
    const point = f.local("v128", "point"), d = f.local("v128", "d"), m = f.local("v128", "m");
    const force = f.local("v128", "force"), d2 = f.local("f64", "d2");
    const q = f.local("f64", "q"), sizeQ = f.local("f64", "sizeQ"), sumQ = f.local("f64", "sumQ");
    const eps = 1e-6;
    forRange(f, i, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      pointAt(f, p.px, p.py, i);
      f.localSet(point);
      f.v128ConstF64x2([0, 0]).localSet(force);
      f.f64Const(0).localSet(sumQ);
      f.localGet(p.stack).i32Const(0).i32Store({ align: 4 });
      f.i32Const(1).localSet(top);
      f.block((done) =>
        f.loop((next) => {
          f.localGet(top).i32Eqz().brIf(done);
          f.block((cont) => {
            // cell = stack[--top]; at = packed + 32·cell; d = point − (bx, by)
            f.localGet(top).i32Const(1).i32Sub().localTee(top);
            f.i32Const(4).i32Mul().localGet(p.stack).i32Add().i32Load({ align: 4 }).localSet(cell);
            f.localGet(cell).i32Const(CELL).i32Mul().localGet(p.packed).i32Add().localSet(at);
            f.localGet(point).localGet(at).v128Load({ align: 8 }).f64x2Sub().localSet(d);
            squaredNorm(f, d, m);
            f.localSet(d2);
            f.localGet(cell).i32Const(4).i32Mul().localGet(p.child).i32Add().i32Load({ align: 4 });
            f.localTee(first).i32Const(0).i32LtS();
            f.if(() => {
              // A leaf at the point itself (or a duplicate of it) adds nothing.
              f.localGet(d).f64x2Abs().v128ConstF64x2([eps, eps]).f64x2Le().i32x4AllTrue();
              f.brIf(cont);
            }, () => {
              // Open the cell unless width2 < θ²·d2.
              f.localGet(at).f64Load({ offset: 16, align: 8 });
              f.localGet(p.theta2).localGet(d2).f64Mul().f64Lt().i32Eqz();
              f.if(() => {
                f.localGet(top).i32Const(4).i32Add().localGet(p.cap).i32GtS();
                f.if(() => f.i32Const(1).return());
                // Push the non-empty children, last first (so the first is taken first).
                f.localGet(first).i32Const(CELL).i32Mul().localGet(p.packed).i32Add().localSet(at);
                for (let k = 3; k >= 0; k--) {
                  f.localGet(at).f64Load({ offset: CELL * k + 24, align: 8 }).f64Const(0).f64Gt();
                  f.if(() => {
                    f.localGet(top).i32Const(4).i32Mul().localGet(p.stack).i32Add();
                    f.localGet(first).i32Const(k).i32Add().i32Store({ align: 4 });
                    f.localGet(top).i32Const(1).i32Add().localSet(top);
                  });
                }
                f.br(cont);
              });
            });
            // q = 1 / (1 + d2); sumQ += size·q; force += (size·q)·q · d
            studentT(f, d2);
            f.localSet(q);
            f.localGet(at).f64Load({ offset: 24, align: 8 }).localGet(q).f64Mul().localSet(sizeQ);
            f.localGet(sumQ).localGet(sizeQ).f64Add().localSet(sumQ);
            f.localGet(force).localGet(sizeQ).localGet(q).f64Mul().f64x2Splat().localGet(d)
              .f64x2Mul().f64x2Add().localSet(force);
          });
          f.br(next);
        })
      );
      storePair(f, p.nx, p.ny, i, force);
      at8(f, p.sq, i).localGet(sumQ).f64Store({ align: 8 });
    });
  });
}

/**
 * `run(indptr, indices, values, px, py, ax, ay, start, end)`: attractive
 * forces `Σⱼ pᵢⱼ·qᵢⱼ·(yᵢ − yⱼ)` of points `[start, end)` over the sparse P
 * (CSR, i32 `indptr` and `indices`, f64 `values`). Returns 0.
 */
export function emitAttraction(): WasmKernel {
  const params = [
    ["indptr", "i32"],
    ["indices", "i32"],
    ["values", "i32"],
    ["px", "i32"],
    ["py", "i32"],
    ["ax", "i32"],
    ["ay", "i32"],
  ] as const;
  return emitKernel("tsne_attraction 2-D dof=1", params, ({ f, p }) => {
    const i = f.local("i32", "i"), e = f.local("i32", "e"), stop = f.local("i32", "stop");
    const j = f.local("i32", "j"), point = f.local("v128", "point"), d = f.local("v128", "d");
    const m = f.local("v128", "m"), force = f.local("v128", "force");
    const q = f.local("f64", "q");
    forRange(f, i, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      pointAt(f, p.px, p.py, i);
      f.localSet(point);
      f.v128ConstF64x2([0, 0]).localSet(force);
      f.localGet(p.indptr).localGet(i).i32Const(4).i32Mul().i32Add();
      f.i32Load({ offset: 4, align: 4 }).localSet(stop);
      const start = () =>
        f.localGet(p.indptr).localGet(i).i32Const(4).i32Mul().i32Add().i32Load({ align: 4 });
      forRange(f, e, start, () => f.localGet(stop), () => {
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
