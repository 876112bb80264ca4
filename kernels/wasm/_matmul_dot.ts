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
  shuffle32,
  type Tiles,
  zero,
} from "./_matmul_frame.ts";
import { relu, storeOut } from "./_matmul_out.ts";

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
  // Reduce: a vector of 4 outputs per group of 4 columns of a row (in the group's first
  // accumulator); the other columns: of 2 rows × 2, one vector (rows 0, 0, 1, 1), else an f32 each.
  const paired = R === 2 && E === 2, out = m.f32(paired ? 0 : R * E);
  const pair = [acc[4 * G], acc[4 * G + 1], acc[W + 4 * G], acc[W + 4 * G + 1]];
  for (let r = 0; r < R; r++) {
    const row = acc.slice(r * W, r * W + W);
    for (let g = 0; g < G; g++) reduce4(m, row.slice(4 * g, 4 * g + 4), row[4 * g], h0, h1);
    for (let e = 0; e < E && !paired; e++) reduce1(m, row[4 * G + e], out[r * E + e]);
  }
  if (paired) reduce4(m, pair, pair[0], h0, h1);
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
    if (paired) {
      // [A0, A0, A1, A1] times [B0, B1, B0, B1] of the two extra columns.
      f.localGet(pA[1]).v128Load32Splat().localSet(h0);
      f.localGet(pA[0]).v128Load32Splat().localGet(h0);
      shuffle32(f, [0, 1, 4, 5]);
      f.localSet(h0).localGet(pB[4 * G + 1]).v128Load32Splat().localSet(h1);
      f.localGet(pB[4 * G]).v128Load32Splat().localGet(h1);
      shuffle32(f, [0, 4, 0, 4]);
      f.localSet(h1);
      madd(m, pair[0], () => f.localGet(h0), () => f.localGet(h1));
    }
    for (let r = 0; r < R && !paired; r++) {
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
    for (let e = 0; e < E && !paired; e++) {
      storeOut(m, r, out[r * E + e], false, 0, true, 4 * G + e);
    }
  }
  if (paired) storePair(m, pair[0], 16 * G, m.i32(R + W + 1)[R + W]);
}

/**
 * Stores the outputs of 2 rows × 2 columns at byte `offset` past column `j`
 * (`x` lanes: row 0, row 0, row 1, row 1), with the bias, ReLU and mask.
 */
function storePair(m: MatmulFrame, x: number, offset: number, q: number): void {
  const { f, s, p } = m, at = { offset, align: 4 };
  f.localGet(m.pc).localGet(m.j).i32Const(4).i32Mul().i32Add().localSet(m.tmp);
  f.localGet(x);
  if (s.bias) {
    f.localGet(p.bias).localGet(m.j).i32Const(4).i32Mul().i32Add().v128Load64Splat(at);
    f.f32x4Add();
  }
  if (s.relu) relu(f);
  if (s.mask) {
    // t & ~(mask <= 0), the mask's two rows as the outputs' lanes.
    f.localGet(m.tmp).localGet(p.C).i32Sub().localGet(m.mask).i32Add().localTee(q);
    f.localGet(m.n4).i32Add().localGet(q).v128Load64Zero(at).v128Load64Lane(1, at);
    f.v128Const(new Uint8Array(16)).f32x4Le().v128Andnot();
  }
  f.localSet(x);
  f.localGet(m.tmp).localGet(x).v128Store64Lane(0, at);
  f.localGet(m.tmp).localGet(m.n4).i32Add().localGet(x).v128Store64Lane(1, at);
}

/** `out` (f32) = the lanes of `x` reduced as `(l0 + l2) + (l1 + l3)`. */
function reduce1(m: MatmulFrame, x: number, out: number): void {
  const { f } = m;
  f.localGet(x).f32x4ExtractLane(0).localGet(x).f32x4ExtractLane(2).f32Add();
  f.localGet(x).f32x4ExtractLane(1).localGet(x).f32x4ExtractLane(3).f32Add();
  f.f32Add().localSet(out);
}
