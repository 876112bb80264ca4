/**
 * Wasm emitter of the 2-D Barnes-Hut quadtree build: `SpaceTree.build` of
 * `_space_tree.ts` in 2-D, written straight into the shared cells the
 * repulsion kernels read (`child`, and `packed` as `[bx, by, width2,
 * size]`). The same points are inserted in the same order with the same
 * float64 operations (bounds halved as `(lo + hi) / 2`, barycentres updated
 * as `(size·b + x) / (size + 1)`, duplicates within 1e-6 kept in one leaf),
 * so the cells are the same bits as the JS tree's, copied
 * (`ForceArena.share`). The operations are lane-wise f64x2 ones on `(x, y)`
 * pairs: a point's descent keeps its cell's corners in two f64x2 locals
 * (from the root's in scratch) and narrows them with a comparison mask and
 * `bitselect` instead of a branch per axis (the branches on the points'
 * sides of each middle were mispredicted often: the build took 175 µs in a
 * run's iteration against 112 µs without them, the bench's trees), and a
 * barycentre's two coordinates are updated with one division.
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
    const x = f64("x"), y = f64("y"), s = f64("s");
    const v128 = (name: string) => f.local("v128", name);
    // (x, y), the cell's low and high corners and their middle, and a comparison with it.
    const xy = v128("xy"), lo = v128("lo"), hi = v128("hi"), mid = v128("mid"), ge = v128("ge");
    /** Pushes `base + index · 32`. */
    // The constants in locals: V8 builds a v128 constant afresh at each use (3-4 instructions).
    const half = v128("half"), zeros = v128("zeros");
    f.v128ConstF64x2([0.5, 0.5]).localSet(half);
    f.v128ConstF64x2([0, 0]).localSet(zeros);
    const cellAt = (base: number, index: () => void) => {
      f.localGet(base);
      index();
      f.i32Const(CELL).i32Mul().i32Add();
    };
    /** The middle of the cell whose corners are in `lo`, `hi`: `(lo + hi) · 0.5`, as `/ 2`. */
    const middle = () =>
      f.localGet(lo).localGet(hi).f64x2Add().localGet(half).f64x2Mul().localSet(mid);
    /**
     * Compares the pushed `(x, y)` with the middle into `ge` and pushes the
     * child offset: 2 for the upper x half, 1 for the upper y half (from the
     * i32x4 bitmask: x sets bits 0 and 1, y bits 2 and 3).
     */
    const offset = () => {
      f.localGet(mid).f64x2Ge().localTee(ge).i32x4Bitmask().localTee(box).i32Const(2).i32And();
      f.localGet(box).i32Const(3).i32ShrU().i32Or();
    };
    f.i32Const(1).localSet(count);
    forRange(f, k, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      f.localGet(p.order).localGet(k).i32Const(4).i32Mul().i32Add().i32Load({ align: 4 }).localSet(
        i,
      );
      at8(f, p.px, i).f64Load({ align: 8 }).localSet(x);
      at8(f, p.py, i).f64Load({ align: 8 }).localSet(y);
      f.localGet(x).f64x2Splat().localGet(y).f64x2ReplaceLane(1).localSet(xy);
      f.i32Const(0).localSet(cell);
      // The root's corners (`rootCell`); each step down narrows them to the cell's, branch-free.
      f.localGet(p.bounds).v128Load({ align: 8 }).localSet(lo);
      f.localGet(p.bounds).v128Load({ offset: 16, align: 8 }).localSet(hi);
      f.block((placed) =>
        f.loop((descend) => {
          cellAt(p.packed, () => f.localGet(cell));
          f.localTee(at).f64Load({ offset: 24 }).localTee(s).f64Const(0).f64Eq();
          f.if(() => {
            f.localGet(at).f64Const(1).f64Store({ offset: 24 });
            f.localGet(at).localGet(xy).v128Store({ align: 8 });
            f.br(placed);
          });
          f.localGet(p.child).localGet(cell).i32Const(4).i32Mul().i32Add().i32Load();
          f.localTee(first).i32Const(0).i32GeS();
          f.if(() => {
            // An inner cell: add the point to its sums and size, go down.
            f.localGet(at).localGet(s).f64x2Splat().localGet(at).v128Load({ align: 8 }).f64x2Mul();
            f.localGet(xy).f64x2Add().localGet(s).f64Const(1).f64Add().f64x2Splat().f64x2Div();
            f.v128Store({ align: 8 });
            f.localGet(at).localGet(s).f64Const(1).f64Add().f64Store({ offset: 24 });
            middle();
            f.localGet(first).localGet(xy);
            offset();
            f.i32Add().localSet(cell);
            f.localGet(mid).localGet(lo).localGet(ge).v128Bitselect().localSet(lo);
            f.localGet(hi).localGet(mid).localGet(ge).v128Bitselect().localSet(hi);
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
          // The halves' widths, squared: (mid − lo)² for the lower, (hi − mid)² for the upper.
          f.localGet(mid).localGet(lo).f64x2Sub().localTee(ge).localGet(ge).f64x2Mul().localSet(ge);
          f.localGet(hi).localGet(mid).f64x2Sub().localTee(xy).localGet(xy).f64x2Mul().localSet(xy);
          for (let o = 0; o < 4; o++) {
            const upperX = (o >> 1) === 1, upperY = (o & 1) === 1;
            const c = () => f.localGet(count).i32Const(o).i32Add();
            f.localGet(p.child);
            c();
            f.i32Const(4).i32Mul().i32Add().i32Const(-1).i32Store();
            cellAt(p.packed, c);
            f.localTee(moved).localGet(zeros).v128Store({ offset: 0 });
            f.localGet(moved).f64Const(0).f64Store({ offset: 24 });
            // width2 = max(max(0, wx²), wy²), as SpaceTree sums it.
            f.localGet(moved).f64Const(0);
            f.localGet(upperX ? xy : ge).f64x2ExtractLane(0).f64Max();
            f.localGet(upperY ? xy : ge).f64x2ExtractLane(1).f64Max();
            f.f64Store({ offset: 16 });
          }
          f.localGet(x).f64x2Splat().localGet(y).f64x2ReplaceLane(1).localSet(xy);
          // The leaf's point(s) move down into their child.
          f.localGet(count).localGet(at).v128Load({ align: 8 });
          offset();
          f.i32Add().localSet(moved);
          cellAt(p.packed, () => f.localGet(moved));
          f.localTee(box).localGet(at).v128Load({ offset: 0 }).v128Store({ offset: 0 });
          f.localGet(box).localGet(at).f64Load({ offset: 24 }).localTee(s).f64Store({ offset: 24 });

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
