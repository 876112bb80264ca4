/**
 * Wasm emitter of the 2-D Barnes-Hut quadtree build: `SpaceTree.build` of
 * `_space_tree.ts` in 2-D, written straight into the shared cells the
 * repulsion kernels read (`child`, and `packed` as `[bx, by, width2,
 * size]`); a point's descent keeps the bounds of its cell in locals
 * (halved at each step, from the root's in scratch). The same points are inserted in the same order with the same
 * float64 operations (bounds halved as `(lo + hi) / 2`, barycentres updated
 * as `(size·b + x) / (size + 1)`, duplicates within 1e-6 kept in one leaf),
 * so the cells are the same bits as the JS tree's, copied (`ForceArena.share`).
 *
 * @module
 */

import { emitKernel, forRange, type WasmKernel } from "../../kernels/wasm/_emit.ts";
import { signature } from "../../kernels/signature.ts";
import { at8 } from "./_wasm_forces.ts";
import { DUPLICATE_EPSILON, upperBound } from "./_space_tree.ts";

/** Bytes of a packed cell `[bx, by, width2, size]`. */
const CELL = 32;

/** The tree kernel's parameters: byte addresses of the points, cells and root bounds, `cap` cells. */
const SIG = signature({
  px: "u8*",
  py: "u8*",
  order: "i32*",
  child: "u8*",
  packed: "u8*",
  bounds: "u8*",
  cap: "int",
});

/**
 * `run(px, py, order, child, packed, bounds, cap, start, end)`: inserts
 * points `order[start .. end)` into the tree whose root (cell 0)
 * `rootCell` wrote, one after another. Returns the number of cells, or -1 if they would be more
 * than `cap` (the cells are then incomplete).
 */
export function emitTree(): WasmKernel {
  return emitKernel("tsne_tree 2-D", SIG, {}, ({ f, p }) => {
    const i32 = (name: string) => f.local("i32", name),
      f64 = (name: string) => f.local("f64", name);
    const k = i32("k"),
      i = i32("i"),
      cell = i32("cell"),
      count = i32("count"),
      first = i32("first");
    const at = i32("at"), box = i32("box"), moved = i32("moved");
    const x = f64("x"), y = f64("y"), s = f64("s"), mx = f64("mx"), my = f64("my");
    const [lx, ly, hx, hy] = ["lx", "ly", "hx", "hy"].map(f64);
    /** Pushes `base + index · 32`. */
    const cellAt = (base: number, index: () => void) => {
      f.localGet(base);
      index();
      f.i32Const(CELL).i32Mul().i32Add();
    };
    /** The midpoints of the cell whose bounds are in the locals. */
    const middle = () => {
      f.localGet(lx).localGet(hx).f64Add().f64Const(2).f64Div().localSet(mx);
      f.localGet(ly).localGet(hy).f64Add().f64Const(2).f64Div().localSet(my);
    };
    /** Narrows the bounds in the locals to the child of `(x, y)` (what the cell's own bounds would be). */
    const narrow = () => {
      for (const [v, m, lo, hi] of [[x, mx, lx, hx], [y, my, ly, hy]]) {
        f.localGet(v).localGet(m).f64Ge();
        f.if(() => f.localGet(m).localSet(lo), () => f.localGet(m).localSet(hi));
      }
    };
    /** Pushes the child offset of `(px, py)` in `cell`: 2 for the upper x half, 1 for the upper y half. */
    const offset = (px: () => void, py: () => void) => {
      px();
      f.localGet(mx).f64Ge().i32Const(1).i32Shl();
      py();
      f.localGet(my).f64Ge().i32Or();
    };
    f.i32Const(1).localSet(count);
    forRange(f, k, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      f.localGet(p.order).localGet(k).i32Const(4).i32Mul().i32Add().i32Load({ align: 4 }).localSet(
        i,
      );
      at8(f, p.px, i).f64Load({ align: 8 }).localSet(x);
      at8(f, p.py, i).f64Load({ align: 8 }).localSet(y);
      f.i32Const(0).localSet(cell);
      // The root's bounds (`rootCell`); each step down narrows them to the cell's.
      [lx, ly, hx, hy].forEach((l, a) =>
        f.localGet(p.bounds).f64Load({ offset: 8 * a }).localSet(l)
      );
      f.block((placed) =>
        f.loop((descend) => {
          cellAt(p.packed, () => f.localGet(cell));
          f.localTee(at).f64Load({ offset: 24 }).localTee(s).f64Const(0).f64Eq();
          f.if(() => {
            f.localGet(at).f64Const(1).f64Store({ offset: 24 });
            f.localGet(at).localGet(x).f64Store({ offset: 0 });
            f.localGet(at).localGet(y).f64Store({ offset: 8 });
            f.br(placed);
          });
          f.localGet(p.child).localGet(cell).i32Const(4).i32Mul().i32Add().i32Load();
          f.localTee(first).i32Const(0).i32GeS();
          f.if(() => {
            // An inner cell: update its barycentre and size, go down.
            for (const [o, v] of [[0, x], [8, y]]) {
              f.localGet(at).localGet(s).localGet(at).f64Load({ offset: o }).f64Mul();
              f.localGet(v).f64Add().localGet(s).f64Const(1).f64Add().f64Div();
              f.f64Store({ offset: o });
            }
            f.localGet(at).localGet(s).f64Const(1).f64Add().f64Store({ offset: 24 });
            middle();
            f.localGet(first);
            offset(() => f.localGet(x), () => f.localGet(y));
            f.i32Add().localSet(cell);
            narrow();
            f.br(descend);
          });
          // A leaf: a duplicate of its point joins it.
          f.localGet(x).localGet(at).f64Load({ offset: 0 }).f64Sub().f64Abs();
          f.f64Const(DUPLICATE_EPSILON).f64Le();
          f.localGet(y).localGet(at).f64Load({ offset: 8 }).f64Sub().f64Abs();
          f.f64Const(DUPLICATE_EPSILON).f64Le().i32And();
          f.if(() => {
            f.localGet(at).localGet(s).f64Const(1).f64Add().f64Store({ offset: 24 });
            f.br(placed);
          });
          // Otherwise split it: four empty children, its point(s) into one, then insert again.
          f.localGet(count).i32Const(4).i32Add().localGet(p.cap).i32GtS();
          f.if(() => f.i32Const(-1).return());
          f.localGet(p.child).localGet(cell).i32Const(4).i32Mul().i32Add();
          f.localGet(count).i32Store();
          middle();
          for (let o = 0; o < 4; o++) {
            const upperX = (o >> 1) === 1, upperY = (o & 1) === 1;
            const c = () => f.localGet(count).i32Const(o).i32Add();
            f.localGet(p.child);
            c();
            f.i32Const(4).i32Mul().i32Add().i32Const(-1).i32Store();
            cellAt(p.packed, c);
            f.localTee(moved).v128ConstF64x2([0, 0]).v128Store({ offset: 0 });
            f.localGet(moved).f64Const(0).f64Store({ offset: 24 });
            // width2 = max(max(0, wx²), wy²), as SpaceTree sums it.
            cellAt(p.packed, c);
            f.f64Const(0);
            for (
              const [lo, hi] of [[upperX ? mx : lx, upperX ? hx : mx], [
                upperY ? my : ly,
                upperY ? hy : my,
              ]]
            ) {
              f.localGet(hi).localGet(lo).f64Sub().localTee(s).localGet(s).f64Mul().f64Max();
            }
            f.f64Store({ offset: 16 });
          }
          // The leaf's point(s) move down; s was overwritten: reload it.
          f.localGet(count);
          offset(
            () => f.localGet(at).f64Load({ offset: 0 }),
            () => f.localGet(at).f64Load({ offset: 8 }),
          );
          f.i32Add().localSet(moved);
          cellAt(p.packed, () => f.localGet(moved));
          f.localTee(box).localGet(at).v128Load({ offset: 0 }).v128Store({ offset: 0 });
          f.localGet(box).localGet(at).f64Load({ offset: 24 }).f64Store({ offset: 24 });
          f.localGet(count).i32Const(4).i32Add().localSet(count);
          f.br(descend);
        })
      );
    });
    f.localGet(count).return();
  });
}

/**
 * Writes the root cell (cell 0) of a tree over `n` points: bounds as
 * `SpaceTree.build` sets them, an empty leaf otherwise.
 */
export function rootCell(
  px: Float64Array,
  py: Float64Array,
  n: number,
  child: Int32Array,
  packed: Float64Array,
  bounds: Float64Array,
): void {
  let w2 = 0;
  [px, py].forEach((xs, a) => {
    let l = Infinity, h = -Infinity;
    for (let i = 0; i < n; i++) {
      l = Math.min(l, xs[i]);
      h = Math.max(h, xs[i]);
    }
    const hi = upperBound(h);
    bounds[a] = l;
    bounds[2 + a] = hi;
    w2 = Math.max(w2, (hi - l) * (hi - l));
  });
  child[0] = -1;
  packed.set([0, 0, w2, 0], 0);
}
