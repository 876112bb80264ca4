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

/** Stores lane 0 and lane 1 of the f64x2 local `v` at `xs[i]` and `ys[i]`. */
function storePair(f: CodeBuilder, xs: number, ys: number, i: number, v: number): void {
  at8(f, xs, i).localGet(v).f64x2ExtractLane(0).f64Store({ align: 8 });
  at8(f, ys, i).localGet(v).f64x2ExtractLane(1).f64Store({ align: 8 });
}

/** Pushes the f64x2 `(xs[a], xs[b])`. */
function pairAt(f: CodeBuilder, xs: number, a: number, b: number): void {
  at8(f, xs, a).f64Load({ align: 8 }).f64x2Splat();
  at8(f, xs, b).f64Load({ align: 8 }).f64x2ReplaceLane(1);
}

/** Stores lane 0 of the f64x2 local `v` at `xs[a]` and lane 1 at `xs[b]` (lane 0 last). */
function storeLanes(f: CodeBuilder, xs: number, a: number, b: number, v: number): void {
  at8(f, xs, b).localGet(v).f64x2ExtractLane(1).f64Store({ align: 8 });
  at8(f, xs, a).localGet(v).f64x2ExtractLane(0).f64Store({ align: 8 });
}

/** The i32x4 bits of lane masks, as `i32x4.bitmask` gives them and stack entries keep them. */
const LANE_BITS = [1, 2, 4, 8];

/**
 * `run(px, py, nx, ny, sq, child, packed, stack, cap, order, theta2, start,
 * end)`: repulsive forces and shares of Z of points `order[start .. end)`
 * against a 2-D tree's cells (`child` i32 per cell, `packed` 4 f64 per
 * cell), two points at a time, one per f64x2 lane: the union of their
 * depth-first walks, each stack entry `cell << 4 | lanes` carrying the lanes
 * that visit it. A lane takes part in exactly the cells its own walk visits,
 * in the same order, and adds exactly zero elsewhere, so each point's sums
 * are its scalar walk's bits. Points next to each other in `order` (a
 * Z-order of the positions) walk nearly the same cells. Returns 1 if the
 * stack of `cap` entries would overflow (the caller then runs the JS
 * reference on the range), else 0.
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
    ["order", "i32"],
    ["theta2", "f64"],
  ] as const;
  return emitKernel("tsne_repulsion 2-D dof=1, two points a lane", params, ({ f, p }) => {
    const L = (type: "i32" | "v128", name: string) => f.local(type, name);
    const k = L("i32", "k"), a = L("i32", "a"), b = L("i32", "b"), top = L("i32", "top");
    const entry = L("i32", "entry"), first = L("i32", "first"), at = L("i32", "at");
    const open = L("i32", "open");
    const x = L("v128", "x"), y = L("v128", "y"), dx = L("v128", "dx"), dy = L("v128", "dy");
    const d2 = L("v128", "d2"), lanes = L("v128", "lanes"), sum = L("v128", "sum");
    const q = L("v128", "q"), sizeQ = L("v128", "sizeQ"), fx = L("v128", "fx");
    const fy = L("v128", "fy"), sumQ = L("v128", "sumQ");
    const eps = 1e-6;
    const push = (cell: () => void, bits: number) => {
      f.localGet(top).i32Const(4).i32Mul().localGet(p.stack).i32Add();
      cell();
      f.i32Const(4).i32Shl().localGet(bits).i32Or().i32Store({ align: 4 });
      f.localGet(top).i32Const(1).i32Add().localSet(top);
    };
    forRange(f, k, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      // a = order[k], b = order[k + 1] (or a again past the end: lane 1 is then dropped).
      f.localGet(p.order).localGet(k).i32Const(4).i32Mul().i32Add().i32Load({ align: 4 });
      f.localSet(a);
      f.localGet(p.order).localGet(k).i32Const(4).i32Mul().i32Add().i32Load({
        offset: 4,
        align: 4,
      });
      f.localGet(a).localGet(k).i32Const(1).i32Add().localGet(p.end).i32LtS().select().localSet(b);
      pairAt(f, p.px, a, b);
      f.localSet(x);
      pairAt(f, p.py, a, b);
      f.localSet(y);
      for (const v of [fx, fy, sumQ]) f.v128ConstF64x2([0, 0]).localSet(v);
      f.i32Const(15).localSet(entry);
      f.i32Const(0).localSet(top);
      push(() => f.i32Const(0), entry);
      f.block((done) =>
        f.loop((next) => {
          f.localGet(top).i32Eqz().brIf(done);
          f.localGet(top).i32Const(1).i32Sub().localTee(top);
          f.i32Const(4).i32Mul().localGet(p.stack).i32Add().i32Load({ align: 4 }).localTee(entry);
          // lanes = the entry's lane mask; at = packed + 32·cell; d = point − (bx, by)
          f.i32x4Splat().v128ConstI32x4(LANE_BITS).v128And().v128ConstI32x4(LANE_BITS).i32x4Eq();
          f.localSet(lanes);
          f.localGet(entry).i32Const(4).i32ShrU().localTee(first).i32Const(CELL).i32Mul();
          f.localGet(p.packed).i32Add().localSet(at);
          f.localGet(x).localGet(at).v128Load64Splat({ align: 8 }).f64x2Sub().localSet(dx);
          f.localGet(y).localGet(at).v128Load64Splat({ offset: 8, align: 8 }).f64x2Sub().localSet(
            dy,
          );
          f.localGet(dx).localGet(dx).f64x2Mul().localGet(dy).localGet(dy).f64x2Mul().f64x2Add();
          f.localSet(d2);
          f.localGet(first).i32Const(4).i32Mul().localGet(p.child).i32Add().i32Load({ align: 4 });
          f.localTee(first).i32Const(0).i32LtS();
          f.if(() => {
            // A leaf at a lane's point itself (or a duplicate of it) adds nothing to that lane.
            f.localGet(lanes).localGet(dx).f64x2Abs().v128ConstF64x2([eps, eps]).f64x2Le();
            f.localGet(dy).f64x2Abs().v128ConstF64x2([eps, eps]).f64x2Le().v128And().v128Andnot();
            f.localSet(sum);
          }, () => {
            // Lanes with width2 < θ²·d2 take the cell as a summary, the others open it.
            f.localGet(at).v128Load64Splat({ offset: 16, align: 8 });
            f.localGet(p.theta2).f64x2Splat().localGet(d2).f64x2Mul().f64x2Lt().localSet(q);
            f.localGet(lanes).localGet(q).v128And().localSet(sum);
            f.localGet(lanes).localGet(q).v128Andnot().i32x4Bitmask().localTee(open);
            f.if(() => {
              f.localGet(top).i32Const(4).i32Add().localGet(p.cap).i32GtS();
              f.if(() => f.i32Const(1).return());
              // Push the non-empty children, last first (so the first is taken first).
              f.localGet(first).i32Const(CELL).i32Mul().localGet(p.packed).i32Add().localSet(entry);
              for (let c = 3; c >= 0; c--) {
                f.localGet(entry).f64Load({ offset: CELL * c + 24, align: 8 }).f64Const(0).f64Gt();
                f.if(() => push(() => f.localGet(first).i32Const(c).i32Add(), open));
              }
            });
          });
          f.localGet(sum).v128AnyTrue();
          f.if(() => {
            // q = 1 / (1 + d2); sumQ += size·q; force += (size·q)·q · d, in the summing lanes.
            f.v128ConstF64x2([1, 1]).v128ConstF64x2([1, 1]).localGet(d2).f64x2Add().f64x2Div();
            f.localSet(q);
            f.localGet(at).v128Load64Splat({ offset: 24, align: 8 }).localGet(q).f64x2Mul();
            f.localGet(sum).v128And().localSet(sizeQ);
            f.localGet(sumQ).localGet(sizeQ).f64x2Add().localSet(sumQ);
            f.localGet(sizeQ).localGet(q).f64x2Mul().localSet(q);
            f.localGet(fx).localGet(q).localGet(dx).f64x2Mul().f64x2Add().localSet(fx);
            f.localGet(fy).localGet(q).localGet(dy).f64x2Mul().f64x2Add().localSet(fy);
          });
          f.br(next);
        })
      );
      storeLanes(f, p.nx, a, b, fx);
      storeLanes(f, p.ny, a, b, fy);
      storeLanes(f, p.sq, a, b, sumQ);
      f.localGet(k).i32Const(1).i32Add().localSet(k); // forRange adds the second
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
