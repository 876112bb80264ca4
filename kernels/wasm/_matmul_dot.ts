/**
 * The `transB` true tiles of Wasm `matmul` (dot products): row `j` of the
 * stored `B` is contiguous in `k`, so `R` rows × 4 columns of `C` are each
 * summed as four lanes over `k` (the lanes of `A[i + r, k..k+3]` times
 * `B[j + c, k..k+3]`), reduced as `(l0 + l2) + (l1 + l3)` (a 4 × 4
 * transpose-add gives four outputs in one vector; a tile's columns past a
 * multiple of 4 are reduced one by one), then the `K % 4` trailing
 * `k` are added in order: the JS reference's order (`transA` false: rows of
 * `A` are contiguous in `k` too).
 *
 * @module
 */

import {
  bumpBy,
  loopWhile,
  madd,
  type MatmulFrame,
  reduce4,
  storeOut,
  type Tiles,
  zero,
} from "./_matmul_frame.ts";

/** The tiles of `R` rows at column `j`: `dotCols` columns, then 4, then 1. */
export function dotTiles(m: MatmulFrame): Tiles {
  return [...new Set([m.t.dotCols, 4, 1])].sort((a, b) => b - a)
    .map((W) => ({ width: W, tile: (R: number) => dotTile(m, R, W) }));
}

/**
 * `R × W` outputs at column `j`: the first `4 * (W >> 2)` columns reduced to
 * vectors of 4 outputs, the `W % 4` others to f32.
 */
function dotTile(m: MatmulFrame, R: number, W: number): void {
  const { f, p } = m;
  const G = W >> 2, E = W & 3;
  const v = m.v128(R * W + R + 3), acc = v.slice(0, R * W), av = v.slice(R * W, R * W + R);
  const bv = v[R * W + R], h0 = v[R * W + R + 1], h1 = v[R * W + R + 2];
  for (const a of acc) zero(f, a);
  // One pointer per row of A and per row of the stored B.
  const ptr = m.i32(R + W), pA = ptr.slice(0, R), pB = ptr.slice(R);
  f.localGet(m.pa).localSet(pA[0]);
  for (let x = 1; x < R; x++) f.localGet(pA[x - 1]).localGet(m.lda4).i32Add().localSet(pA[x]);
  f.localGet(m.pb).localGet(m.j).localGet(m.ldb4).i32Mul().i32Add().localSet(pB[0]);
  for (let c = 1; c < W; c++) f.localGet(pB[c - 1]).localGet(m.ldb4).i32Add().localSet(pB[c]);
  const step = (u: number) => {
    for (let r = 0; r < R; r++) {
      f.localGet(pA[r]).v128Load({ offset: 16 * u, align: 4 }).localSet(av[r]);
    }
    for (let c = 0; c < W; c++) {
      f.localGet(pB[c]).v128Load({ offset: 16 * u, align: 4 }).localSet(bv);
      for (let r = 0; r < R; r++) {
        madd(m, acc[r * W + c], () => f.localGet(av[r]), () => f.localGet(bv));
      }
    }
  };
  const advance = (n: number) => {
    for (const x of [...pA, ...pB]) bumpBy(f, x, 16 * n);
  };
  const U = m.t.dotUnroll;
  f.i32Const(0).localSet(m.k);
  if (U > 1) {
    loopWhile(f, () => f.localGet(m.k).i32Const(4 * U).i32Add().localGet(p.K).i32LeS(), () => {
      for (let u = 0; u < U; u++) step(u);
      advance(U);
      bumpBy(f, m.k, 4 * U);
    });
  }
  loopWhile(f, () => f.localGet(m.k).i32Const(4).i32Add().localGet(p.K).i32LeS(), () => {
    step(0);
    advance(1);
    bumpBy(f, m.k, 4);
  });
  // Reduce: a vector of 4 outputs per group of 4 columns of a row (in the group's first accumulator), an f32 per other column.
  const out = m.f32(R * E);
  for (let r = 0; r < R; r++) {
    const row = acc.slice(r * W, r * W + W);
    for (let g = 0; g < G; g++) reduce4(m, row.slice(4 * g, 4 * g + 4), row[4 * g], h0, h1);
    for (let e = 0; e < E; e++) reduce1(m, row[4 * G + e], out[r * E + e]);
  }
  // The K % 4 trailing k, in order.
  loopWhile(f, () => f.localGet(m.k).localGet(p.K).i32LtS(), () => {
    for (let g = 0; g < G; g++) {
      f.localGet(pB[4 * g]).v128Load32Zero().localSet(bv);
      for (let c = 1; c < 4; c++) {
        f.localGet(pB[4 * g + c]).localGet(bv).v128Load32Lane(c).localSet(bv);
      }
      for (let r = 0; r < R; r++) {
        const a = () => f.localGet(pA[r]).f32Load().f32x4Splat();
        madd(m, acc[r * W + 4 * g], a, () => f.localGet(bv));
      }
    }
    for (let r = 0; r < R; r++) {
      for (let e = 0; e < E; e++) {
        const b = () => f.localGet(pB[4 * G + e]).f32Load();
        madd(m, out[r * E + e], () => f.localGet(pA[r]).f32Load(), b, false);
      }
    }
    for (const x of [...pA, ...pB]) bumpBy(f, x, 4);
    bumpBy(f, m.k, 1);
  });
  for (let r = 0; r < R; r++) {
    for (let g = 0; g < G; g++) storeOut(m, r, acc[r * W + 4 * g], true, g);
    for (let e = 0; e < E; e++) storeOut(m, r, out[r * E + e], false, 0, true, 4 * G + e);
  }
}

/** `out` (f32) = the lanes of `x` reduced as `(l0 + l2) + (l1 + l3)`. */
function reduce1(m: MatmulFrame, x: number, out: number): void {
  const { f } = m;
  f.localGet(x).f32x4ExtractLane(0).localGet(x).f32x4ExtractLane(2).f32Add();
  f.localGet(x).f32x4ExtractLane(1).localGet(x).f32x4ExtractLane(3).f32Add();
  f.f32Add().localSet(out);
}
