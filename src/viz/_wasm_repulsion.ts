/**
 * Wasm SIMD emitter of t-SNE's 2-D Barnes-Hut repulsion (one degree of
 * freedom, what `tsne()` runs by default), emitted with the kernels' module
 * frame (`emitKernel`). It computes what `repulsionPlanar` of
 * `_barnes_hut_forces.ts` computes, in float32 as sklearn's Barnes-Hut does
 * (positions and cells rounded to float32 by `ForceArena`, every operation
 * rounded to float32), with the same operations in the same order for each
 * point, so the same bits.
 *
 * A group of `4·vectors` points (next to each other in a Z-order of the
 * points, so near each other) walks the tree together, one point per f32x4
 * lane: the walk is the union of their depth-first walks, and each stack
 * entry carries the cell and the lanes that visit it. A lane
 * takes part in exactly the cells its own walk visits, in the same order
 * (the union's pre-order restricted to them), and adds exactly zero
 * elsewhere (a masked product is ±0, and a sum that starts at +0 never
 * becomes −0, so adding ±0 changes no bit). Two data-dependent branches
 * are left out, as they were mispredicted more often than the work they
 * skip costs: every popped cell's terms are computed and added under the
 * lanes' mask (also where no lane takes it), and an opened cell's four
 * children are written to the stack whatever their size, `top` moving on
 * only past the non-empty ones (12% less time on the bench's maps, the
 * same bits, for positions that are no NaN).
 *
 * @module
 */

import { emitKernel, forRange, type WasmKernel } from "../../kernels/wasm/_emit.ts";
import { signature } from "../../kernels/signature.ts";
import { at4, at8 } from "./_wasm_forces.ts";

/** Bytes of a float32 cell `[bx, by, width2, size]`. */
const CELL = 16;

/** Bytes of a stack entry: the cell (i32), then the mask of the lanes that visit it (i32). */
export const ENTRY = 8;

/**
 * Points that walk the tree together by default (four f32x4 vectors): 3%
 * less time than twelve on the bench's maps, 10% less than eight; twenty
 * gain 0-3% more.
 */
export const GROUP = 16;

/** The i32x4 bits of an f32x4 mask, as `i32x4.bitmask` gives them. */
const BITS = [1, 2, 4, 8];

/** The duplicate test's bound in float32 (as `repulsionPlanar` rounds it). */
const EPS = Math.fround(1e-6);

/** The repulsion kernel's parameters (see `kernels/signature.ts`): byte addresses, `cap`, `theta2`. */
const SIG = signature({
  xy: "u8*",
  nx: "u8*",
  ny: "u8*",
  sq: "u8*",
  child: "u8*",
  cells: "u8*",
  stack: "u8*",
  cap: "int",
  order: "u8*",
  theta2: "float",
});

/**
 * `run(xy, nx, ny, sq, child, cells, stack, cap, order, theta2, start,
 * end)`: repulsive forces and shares of Z of points `order[start .. end)`
 * (float32 positions, `xy` pairs; float64 results `nx`, `ny`, `sq`) against
 * a 2-D tree's cells (`child` i32 per cell, `cells` 4 f32 per cell),
 * `4·vectors` points at a time (`vectors` ≤ 7). Returns 1 if the stack of
 * `cap` entries (`ENTRY` bytes each) would overflow (the caller then runs the JS reference on
 * the range), else 0.
 */
export function emitRepulsion(vectors = GROUP / 4): WasmKernel {
  if (vectors > 7) {
    throw new RangeError(`emitRepulsion(): vectors is ${vectors} but must be at most 7`);
  }
  const V = vectors, points = 4 * V;
  return emitKernel(`tsne_repulsion 2-D f32 dof=1, ${points} points`, SIG, {}, ({ f, p }) => {
    const i32 = (name: string) => f.local("i32", name);
    const vec = (name: string) => Array.from({ length: V }, (_, v) => f.local("v128", name + v));
    const k = i32("k"), top = i32("top"), entry = i32("entry"), first = i32("first");
    const at = i32("at"), open = i32("open"), box = i32("box");
    const idx = Array.from({ length: points }, (_, j) => i32(`i${j}`));
    const x = vec("x"), y = vec("y"), dx = vec("dx"), dy = vec("dy"), d2 = vec("d2");
    const lanes = vec("lanes"), take = vec("take"), fx = vec("fx"), fy = vec("fy");
    const sumQ = vec("sumQ"), q = vec("q");
    const bx = f.local("v128", "bx"), by = f.local("v128", "by"), t2 = f.local("v128", "t2");
    const push = (cell: () => void) => {
      f.localGet(top).i32Const(ENTRY).i32Mul().localGet(p.stack).i32Add().localTee(at);
      cell();
      f.i32Store({ align: 4 });
      f.localGet(at).localGet(open).i32Store({ offset: 4, align: 4 });
      f.localGet(top).i32Const(1).i32Add().localSet(top);
    };
    // The constants in locals: V8 builds a v128 constant afresh at each use (3-4 instructions).
    const eps = f.local("v128", "eps"), ones = f.local("v128", "ones");
    f.v128ConstF32x4([EPS, EPS, EPS, EPS]).localSet(eps);
    f.v128ConstF32x4([1, 1, 1, 1]).localSet(ones);
    const bitsOf = vec("bits");
    for (let v = 0; v < V; v++) f.v128ConstI32x4(BITS.map((b) => b << (4 * v))).localSet(bitsOf[v]);
    f.localGet(p.theta2).f32DemoteF64().f32x4Splat().localSet(t2);
    forRange(f, k, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      // idx[j] = order[k + j], or order[k] past the end (a repeat, computed alike).
      at4(f, p.order, k).localSet(at);
      f.localGet(at).i32Load({ align: 4 }).localSet(idx[0]);
      for (let j = 1; j < points; j++) {
        f.localGet(at).i32Load({ offset: 4 * j, align: 4 }).localGet(idx[0]);
        f.localGet(k).i32Const(j).i32Add().localGet(p.end).i32LtS().select().localSet(idx[j]);
      }
      for (let v = 0; v < V; v++) {
        for (const [offset, out] of [[0, x[v]], [4, y[v]]]) {
          at8(f, p.xy, idx[4 * v]).f32Load({ offset, align: 4 }).f32x4Splat();
          for (let l = 1; l < 4; l++) {
            at8(f, p.xy, idx[4 * v + l]).f32Load({ offset, align: 4 }).f32x4ReplaceLane(l);
          }
          f.localSet(out);
        }
        for (const acc of [fx[v], fy[v], sumQ[v]]) f.v128ConstF32x4([0, 0, 0, 0]).localSet(acc);
      }
      f.i32Const(0).localSet(top);
      f.i32Const((1 << points) - 1).localSet(open);
      push(() => f.i32Const(0));
      f.block((done) =>
        f.loop((next) => {
          f.localGet(top).i32Eqz().brIf(done);
          f.localGet(top).i32Const(1).i32Sub().localTee(top);
          f.i32Const(ENTRY).i32Mul().localGet(p.stack).i32Add().localTee(at);
          f.i32Load({ offset: 4, align: 4 }).localSet(entry);
          f.localGet(at).i32Load({ align: 4 }).localTee(first).i32Const(CELL).i32Mul();
          f.localGet(p.cells).i32Add().localTee(at).v128Load32Splat({ align: 4 }).localSet(bx);
          f.localGet(at).v128Load32Splat({ offset: 4, align: 4 }).localSet(by);
          f.localGet(entry).i32x4Splat().localSet(q[0]);
          for (let v = 0; v < V; v++) {
            f.localGet(q[0]).localGet(bitsOf[v]).v128And().localGet(bitsOf[v]).i32x4Eq();
            f.localSet(lanes[v]);
            f.localGet(x[v]).localGet(bx).f32x4Sub().localSet(dx[v]);
            f.localGet(y[v]).localGet(by).f32x4Sub().localSet(dy[v]);
            f.localGet(dx[v]).localGet(dx[v]).f32x4Mul().localGet(dy[v]).localGet(dy[v]).f32x4Mul();
            f.f32x4Add().localSet(d2[v]);
          }
          f.localGet(first).i32Const(4).i32Mul().localGet(p.child).i32Add().i32Load({ align: 4 });
          f.localTee(first).i32Const(0).i32LtS();
          f.if(() => {
            // A leaf at a lane's point itself (or a duplicate of it) adds nothing to that lane:
            // pmax(|dx|, |dy|) ≤ eps, which is |dx| ≤ eps and |dy| ≤ eps where dy is no NaN
            // (3-4% less time a walk than the two tests).
            for (let v = 0; v < V; v++) {
              f.localGet(lanes[v]).localGet(dx[v]).f32x4Abs().localGet(dy[v]).f32x4Abs()
                .f32x4Pmax();
              f.localGet(eps).f32x4Le().v128Andnot().localSet(take[v]);
            }
          }, () => {
            // Lanes with width2 < θ²·d2 take the cell as a summary, the others open it.
            f.i32Const(0).localSet(open);
            f.localGet(at).v128Load32Splat({ offset: 8, align: 4 }).localSet(bx);
            for (let v = 0; v < V; v++) {
              f.localGet(bx).localGet(t2).localGet(d2[v]).f32x4Mul().f32x4Lt().localSet(q[v]);
              f.localGet(lanes[v]).localGet(q[v]).v128And().localSet(take[v]);
              f.localGet(lanes[v]).localGet(q[v]).v128Andnot().i32x4Bitmask();
              if (v > 0) f.i32Const(4 * v).i32Shl();
              f.localGet(open).i32Or().localSet(open);
            }
            f.localGet(open);
            f.if(() => {
              f.localGet(top).i32Const(4).i32Add().localGet(p.cap).i32GtS();
              f.if(() => f.i32Const(1).return());
              // Push the non-empty children, last first (so the first is taken first): each is
              // written, and kept (top moves on) only if non-empty, with no branch on its size.
              f.localGet(first).i32Const(CELL).i32Mul().localGet(p.cells).i32Add().localSet(entry);
              for (let c = 3; c >= 0; c--) {
                f.localGet(top).i32Const(ENTRY).i32Mul().localGet(p.stack).i32Add().localTee(box);
                f.localGet(first).i32Const(c).i32Add().i32Store({ align: 4 });
                f.localGet(box).localGet(open).i32Store({ offset: 4, align: 4 });
                f.localGet(top);
                f.localGet(entry).f32Load({ offset: CELL * c + 12, align: 4 }).f32Const(0).f32Gt();
                f.i32Add().localSet(top);
              }
            });
          });
          // q = 1 / (1 + d2); sumQ += size·q; force += (size·q)·q · d, in the taking lanes
          // (of every popped cell: a branch on whether any lane takes it was often mispredicted).
          f.localGet(at).v128Load32Splat({ offset: 12, align: 4 }).localSet(bx);
          for (let v = 0; v < V; v++) {
            f.localGet(ones).localGet(ones).localGet(d2[v]).f32x4Add();
            f.f32x4Div().localSet(q[v]);
            f.localGet(bx).localGet(q[v]).f32x4Mul().localGet(take[v]).v128And().localSet(by);
            f.localGet(sumQ[v]).localGet(by).f32x4Add().localSet(sumQ[v]);
            f.localGet(by).localGet(q[v]).f32x4Mul().localSet(q[v]);
            f.localGet(fx[v]).localGet(q[v]).localGet(dx[v]).f32x4Mul().f32x4Add();
            f.localSet(fx[v]);
            f.localGet(fy[v]).localGet(q[v]).localGet(dy[v]).f32x4Mul().f32x4Add();
            f.localSet(fy[v]);
          }
          f.br(next);
        })
      );
      // Stores (as float64), repeats first: a repeat of point 0 writes its same values.
      for (let j = points - 1; j >= 0; j--) {
        const v = j >> 2, lane = j & 3;
        for (const [xs, acc] of [[p.nx, fx[v]], [p.ny, fy[v]], [p.sq, sumQ[v]]]) {
          f.localGet(xs).localGet(idx[j]).i32Const(8).i32Mul().i32Add();
          f.localGet(acc).f32x4ExtractLane(lane).f64PromoteF32().f64Store({ align: 8 });
        }
      }
      f.localGet(k).i32Const(points - 1).i32Add().localSet(k); // forRange adds the last one
    });
  });
}
