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
  loadOut,
  loopWhile,
  madd,
  type MatmulFrame,
  store,
  storeOut,
  zero,
} from "./_matmul_frame.ts";

/** Emits the columns of `R` rows of `C` (the frame's `pa`, `pb`, `pc` set): vector tiles, then single columns. */
export function rowsBlock(m: MatmulFrame, R: number): void {
  const { f, p, t } = m;
  const V = t.vecs;
  f.i32Const(0).localSet(m.j);
  const fits = (cols: number) => () =>
    f.localGet(m.j).i32Const(cols).i32Add().localGet(p.N).i32LeS();
  loopWhile(f, fits(4 * V), () => {
    vectorTile(m, R, V);
    bumpBy(f, m.j, 4 * V);
  });
  if (V > 1) {
    loopWhile(f, fits(4), () => {
      vectorTile(m, R, 1);
      bumpBy(f, m.j, 4);
    });
  }
  loopWhile(f, () => f.localGet(m.j).localGet(p.N).i32LtS(), () => {
    scalarTile(m, R);
    bumpBy(f, m.j, 1);
  });
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

/** `R × 4V` outputs at column `j`. */
function vectorTile(m: MatmulFrame, R: number, V: number): void {
  const { f, s } = m;
  const acc = m.v128(R * V + V + 1), bv = acc.slice(R * V, R * V + V), sp = acc[R * V + V];
  init(m, () => {
    for (let x = 0; x < R * V; x++) zero(f, acc[x]);
  }, () => {
    for (let r = 0; r < R; r++) for (let c = 0; c < V; c++) loadOut(m, r, acc[r * V + c], true, c);
  });
  const pA = aPointers(m, R), pB = m.i32(m.s.transA ? 2 : R + 1)[pA.length];
  bPointer(m, pB);
  const step = (u: number) => {
    for (let c = 0; c < V; c++) {
      f.localGet(pB).v128Load({ offset: 16 * c, align: 4 }).localSet(bv[c]);
    }
    bump(f, pB, () => f.localGet(m.ldb4));
    for (let r = 0; r < R; r++) {
      if (s.transA) f.localGet(pA[0]).v128Load32Splat({ offset: 4 * r });
      else f.localGet(pA[r]).v128Load32Splat({ offset: 4 * u });
      f.localSet(sp);
      for (let c = 0; c < V; c++) {
        madd(m, acc[r * V + c], () => f.localGet(sp), () => f.localGet(bv[c]));
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
function kLoop(m: MatmulFrame, pA: number[], step: (u: number) => void): void {
  const { f, s } = m;
  const U = m.t.unroll;
  const advance = (n: number) => {
    if (!s.transA) { for (const x of pA) bumpBy(f, x, 4 * n); }
  };
  f.localGet(m.k0).localSet(m.k);
  if (U > 1) {
    loopWhile(f, () => f.localGet(m.k).i32Const(U).i32Add().localGet(m.k1).i32LeS(), () => {
      for (let u = 0; u < U; u++) step(u);
      advance(U);
      bumpBy(f, m.k, U);
    });
  }
  loopWhile(f, () => f.localGet(m.k).localGet(m.k1).i32LtS(), () => {
    step(0);
    advance(1);
    bumpBy(f, m.k, 1);
  });
}
