/**
 * The `transB` true tiles of Wasm `matmul` (dot products): row `j` of the
 * stored `B` is contiguous in `k`, so `R` rows × 4 columns of `C` are each
 * summed as four lanes over `k` (the lanes of `A[i + r, k..k+3]` times
 * `B[j + c, k..k+3]`), reduced as `(l0 + l2) + (l1 + l3)` (a 4 × 4
 * transpose-add gives four outputs in one vector), then the `K % 4` trailing
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

/** The tiles of `R` rows at column `j`: 4 columns, then 1. */
export function dotTiles(m: MatmulFrame): Tiles {
  return [4, 1].map((W) => ({ width: W, tile: (R: number) => dotTile(m, R, W) }));
}

/** `R × W` outputs at column `j` (`W` is 4 or 1). */
function dotTile(m: MatmulFrame, R: number, W: number): void {
  const { f, p } = m;
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
  // Reduce: W = 4 gives one vector of outputs per row; W = 1 an f32.
  const out = W === 4 ? acc.slice(0, R) : m.f32(R);
  for (let r = 0; r < R; r++) {
    if (W === 4) reduce4(m, acc.slice(r * 4, r * 4 + 4), out[r], h0, h1);
    else reduce1(m, acc[r], out[r]);
  }
  // The K % 4 trailing k, in order.
  loopWhile(f, () => f.localGet(m.k).localGet(p.K).i32LtS(), () => {
    if (W === 4) {
      f.localGet(pB[0]).v128Load32Zero().localSet(bv);
      for (let c = 1; c < 4; c++) f.localGet(pB[c]).localGet(bv).v128Load32Lane(c).localSet(bv);
    }
    for (let r = 0; r < R; r++) {
      const a = () => {
        f.localGet(pA[r]).f32Load();
        if (W === 4) f.f32x4Splat();
      };
      madd(m, out[r], a, () => W === 4 ? f.localGet(bv) : f.localGet(pB[0]).f32Load(), W === 4);
    }
    for (const x of [...pA, ...pB]) bumpBy(f, x, 4);
    bumpBy(f, m.k, 1);
  });
  for (let r = 0; r < R; r++) storeOut(m, r, out[r], W === 4);
}

/** `out` (f32) = the lanes of `x` reduced as `(l0 + l2) + (l1 + l3)`. */
function reduce1(m: MatmulFrame, x: number, out: number): void {
  const { f } = m;
  f.localGet(x).f32x4ExtractLane(0).localGet(x).f32x4ExtractLane(2).f32Add();
  f.localGet(x).f32x4ExtractLane(1).localGet(x).f32x4ExtractLane(3).f32Add();
  f.f32Add().localSet(out);
}
