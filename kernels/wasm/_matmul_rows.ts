/**
 * The `transB` false tiles of Wasm `matmul` (outer products): `R` rows ×
 * `V` v128 of columns of `C` stay in registers while `k` runs; each step
 * loads `V` vectors of row `k` of `B` and splats `A[i + r, k]` for each row,
 * so every output is summed over `k` in order, as the JS reference does.
 * `A` is read through one pointer per row with `k` unrolled into the load
 * offsets (`transA` false), or one pointer with the rows in the offsets
 * (`transA` true).
 *
 * @module
 */

import {
  bump,
  bumpBy,
  init,
  loopWhile,
  madd,
  type MatmulFrame,
  shuffle32,
  store,
  type Tiles,
  V128_REGISTERS,
  zero,
} from "./_matmul_frame.ts";
import { loadOut, storeOut } from "./_matmul_out.ts";

/** The tiles of `R` rows at column `j` (the frame's `pa`, `pb`, `pc` set), widest first: `4V` columns, 4, then 1. */
export function rowsTiles(m: MatmulFrame): Tiles {
  const V = m.t.vecs;
  return [
    { width: 4 * V, tile: (R: number) => vectorTile(m, R, V) },
    ...(V > 1 ? [{ width: 4, tile: (R: number) => vectorTile(m, R, 1) }] : []),
    { width: 1, tile: (R: number) => scalarTile(m, R) },
  ];
}

/** Sets the `A` pointers of a tile at `k0`: one per row (`transA` false) or one. */
function aPointers(m: MatmulFrame, R: number): number[] {
  const { f } = m;
  const pA = m.i32(m.s.transA ? 1 : R);
  f.localGet(m.pa).localGet(m.k0);
  if (m.s.transA) f.localGet(m.lda4);
  else f.i32Const(4);
  f.i32Mul().i32Add().localSet(pA[0]);
  for (let r = 1; r < pA.length; r++) {
    f.localGet(pA[r - 1]).localGet(m.lda4).i32Add().localSet(pA[r]);
  }
  return pA;
}

/**
 * `R × 4V` outputs at column `j`. The factors of `A` are splatted from
 * memory, or broadcast from lanes of one load by shuffles (fewer loads, and
 * fewer of V8's bounds checks): with `transA`, a load of 4 (or 2) rows of a
 * step; else, in the unrolled loop, when the registers allow, a load of 4
 * steps of each row.
 */
function vectorTile(m: MatmulFrame, R: number, V: number): void {
  const { f, s } = m;
  const wide = !s.transA && m.t.unroll % 4 === 0 && R * V + R + V + 1 <= V128_REGISTERS;
  const v = m.v128(R * V + V + 1 + (s.transA ? 1 : wide ? R : 0));
  const acc = v.slice(0, R * V), bv = v.slice(R * V, R * V + V), sp = v[R * V + V];
  const av = v.slice(R * V + V + 1);
  init(m, () => {
    for (let x = 0; x < R * V; x++) zero(f, acc[x]);
  }, () => {
    for (let r = 0; r < R; r++) for (let c = 0; c < V; c++) loadOut(m, r, acc[r * V + c], true, c);
  });
  const pA = aPointers(m, R), pB = m.i32(m.s.transA ? 2 : R + 1)[pA.length];
  bPointer(m, pB);
  const row = (r: number) => {
    for (let c = 0; c < V; c++) {
      madd(m, acc[r * V + c], () => f.localGet(sp), () => f.localGet(bv[c]));
    }
  };
  const lane = (x: number, l: number) => {
    f.localGet(x).localGet(x);
    shuffle32(f, [l, l, l, l]);
    f.localSet(sp);
  };
  const step = (u: number, unrolled: boolean) => {
    for (let c = 0; c < V; c++) {
      f.localGet(pB).v128Load({ offset: 16 * c, align: 4 }).localSet(bv[c]);
    }
    bump(f, pB, () => f.localGet(m.ldb4));
    for (let r = 0; r < R;) {
      const n = !s.transA && !(wide && unrolled) ? 1 : R - r >= 4 ? 4 : R - r >= 2 ? 2 : 1;
      if (n === 1) {
        if (s.transA) f.localGet(pA[0]).v128Load32Splat({ offset: 4 * r });
        else f.localGet(pA[r]).v128Load32Splat({ offset: 4 * u });
        f.localSet(sp);
        row(r++);
      } else if (s.transA) {
        // Rows r .. r + n - 1 of step k.
        f.localGet(pA[0]);
        if (n === 4) f.v128Load({ offset: 4 * r, align: 4 });
        else f.v128Load64Zero({ offset: 4 * r, align: 4 });
        f.localSet(av[0]);
        for (let l = 0; l < n; l++) lane(av[0], l), row(r++);
      } else {
        // Steps u - u % 4 .. of every row, loaded at the first.
        if (u % 4 === 0) {
          for (let x = 0; x < R; x++) {
            f.localGet(pA[x]).v128Load({ offset: 4 * u, align: 4 }).localSet(av[x]);
          }
        }
        for (; r < R; r++) lane(av[r], u % 4), row(r);
      }
    }
    if (s.transA) bump(f, pA[0], () => f.localGet(m.lda4));
  };
  kLoop(m, pA, step);
  store(m, (epilogue) => {
    for (let r = 0; r < R; r++) {
      for (let c = 0; c < V; c++) storeOut(m, r, acc[r * V + c], true, c, epilogue);
    }
  });
}

/** `R` outputs of column `j`, in f32. */
function scalarTile(m: MatmulFrame, R: number): void {
  const { f, s } = m;
  const acc = m.f32(R);
  init(m, () => {
    for (const a of acc) f.f32Const(0).localSet(a);
  }, () => {
    for (let r = 0; r < R; r++) loadOut(m, r, acc[r], false);
  });
  const pA = aPointers(m, R), pB = m.i32(m.s.transA ? 2 : R + 1)[pA.length];
  bPointer(m, pB);
  const step = (u: number) => {
    for (let r = 0; r < R; r++) {
      const a = () => {
        if (s.transA) f.localGet(pA[0]).f32Load({ offset: 4 * r });
        else f.localGet(pA[r]).f32Load({ offset: 4 * u });
      };
      madd(m, acc[r], a, () => f.localGet(pB).f32Load(), false);
    }
    bump(f, pB, () => f.localGet(m.ldb4));
    if (s.transA) bump(f, pA[0], () => f.localGet(m.lda4));
  };
  kLoop(m, pA, step);
  store(m, (epilogue) => {
    for (let r = 0; r < R; r++) storeOut(m, r, acc[r], false, 0, epilogue);
  });
}

/** `pB = &B[b][k0, j]`. */
function bPointer(m: MatmulFrame, pB: number): void {
  const { f } = m;
  f.localGet(m.pb).localGet(m.j).i32Const(4).i32Mul().i32Add();
  f.localGet(m.k0).localGet(m.ldb4).i32Mul().i32Add().localSet(pB);
}

/** `for k in [k0, k1)`: `unroll` steps at a time, then one at a time; row pointers of `A` advance by the steps done. */
function kLoop(
  m: MatmulFrame,
  pA: number[],
  step: (u: number, unrolled: boolean) => void,
): void {
  const { f, s } = m;
  const U = m.t.unroll;
  const advance = (n: number) => {
    if (!s.transA) { for (const x of pA) bumpBy(f, x, 4 * n); }
  };
  f.localGet(m.k0).localSet(m.k);
  if (U > 1) {
    loopWhile(f, () => f.localGet(m.k).i32Const(U).i32Add().localGet(m.k1).i32LeS(), () => {
      for (let u = 0; u < U; u++) step(u, true);
      advance(U);
      bumpBy(f, m.k, U);
    });
  }
  loopWhile(f, () => f.localGet(m.k).localGet(m.k1).i32LtS(), () => {
    step(0, false);
    advance(1);
    bumpBy(f, m.k, 1);
  });
}
