/**
 * The `transA` and `transB` tiles of Wasm `matmul`: 4 rows × 2 columns of
 * `C`, in the dot-product order of `transB` (see kernels/wasm/_matmul_dot.ts).
 * The stored `A` is `[K, M]`, so four of its rows `A[k..k+3, i..i+3]` are
 * loaded as vectors and transposed in registers into the four lane vectors
 * of rows `i..i+3`; rows `j`, `j + 1` of the stored `B` are contiguous in
 * `k`. The reduction of the four accumulators of a column gives its four
 * rows in one vector, stored lane by lane.
 *
 * @module
 */

import {
  bump,
  bumpBy,
  loopWhile,
  type MatmulFrame,
  reduce4,
  shuffle32,
  zero,
} from "./_matmul_frame.ts";

/** Emits the columns of rows `u .. u+3` of `C`: tiles of 2 columns, then single columns. */
export function ttBlock(m: MatmulFrame): void {
  const { f, p } = m;
  f.i32Const(0).localSet(m.j);
  loopWhile(f, () => f.localGet(m.j).i32Const(2).i32Add().localGet(p.N).i32LeS(), () => {
    ttTile(m, 2);
    bumpBy(f, m.j, 2);
  });
  loopWhile(f, () => f.localGet(m.j).localGet(p.N).i32LtS(), () => {
    ttTile(m, 1);
    bumpBy(f, m.j, 1);
  });
}

/** `4 × W` outputs at column `j`. */
function ttTile(m: MatmulFrame, W: number): void {
  const { f, p, s } = m;
  const v = m.v128(4 * W + 8), acc = v.slice(0, 4 * W), x = v.slice(4 * W, 4 * W + 4);
  const av = v.slice(4 * W + 4, 4 * W + 8);
  for (const a of acc) zero(f, a);
  const ptr = m.i32(4 + W), pK = ptr.slice(0, 4), pB = ptr.slice(4);
  f.localGet(m.pa).localSet(pK[0]);
  for (let q = 1; q < 4; q++) f.localGet(pK[q - 1]).localGet(m.lda4).i32Add().localSet(pK[q]);
  f.localGet(m.pb).localGet(m.j).localGet(m.ldb4).i32Mul().i32Add().localSet(pB[0]);
  for (let c = 1; c < W; c++) f.localGet(pB[c - 1]).localGet(m.ldb4).i32Add().localSet(pB[c]);
  f.i32Const(0).localSet(m.k);
  loopWhile(f, () => f.localGet(m.k).i32Const(4).i32Add().localGet(p.K).i32LeS(), () => {
    // x[q] = A[k + q, i..i+3]; transposed: av[r] = A[k..k+3, i + r].
    for (let q = 0; q < 4; q++) f.localGet(pK[q]).v128Load({ align: 4 }).localSet(x[q]);
    const pairs = [[x[0], x[1], av[0], av[1]], [x[2], x[3], av[2], av[3]]];
    for (const [a, b, lo, hi] of pairs) {
      f.localGet(a).localGet(b);
      shuffle32(f, [0, 4, 1, 5]);
      f.localSet(lo).localGet(a).localGet(b);
      shuffle32(f, [2, 6, 3, 7]);
      f.localSet(hi);
    }
    // lo/hi of rows k, k+1 are in av[0], av[1]; of rows k+2, k+3 in av[2], av[3].
    f.localGet(av[0]).localGet(av[2]);
    shuffle32(f, [0, 1, 4, 5]);
    f.localSet(x[0]).localGet(av[0]).localGet(av[2]);
    shuffle32(f, [2, 3, 6, 7]);
    f.localSet(x[1]).localGet(av[1]).localGet(av[3]);
    shuffle32(f, [0, 1, 4, 5]);
    f.localSet(x[2]).localGet(av[1]).localGet(av[3]);
    shuffle32(f, [2, 3, 6, 7]);
    f.localSet(x[3]);
    const bv = av[0];
    for (let c = 0; c < W; c++) {
      f.localGet(pB[c]).v128Load({ align: 4 }).localSet(bv);
      for (let r = 0; r < 4; r++) {
        const a = acc[r * W + c];
        f.localGet(a).localGet(x[r]).localGet(bv).f32x4Mul().f32x4Add().localSet(a);
      }
    }
    for (const q of pK) bump(f, q, () => f.localGet(m.lda4).i32Const(4).i32Mul());
    for (const q of pB) bumpBy(f, q, 16);
    bumpBy(f, m.k, 4);
  });
  // out[c] lane r = C[i + r, j + c] (the order of rows' lanes is (l0 + l2) + (l1 + l3)).
  const out = acc.slice(0, W);
  for (let c = 0; c < W; c++) {
    reduce4(m, [0, 1, 2, 3].map((r) => acc[r * W + c]), out[c], av[0], av[1]);
  }
  loopWhile(f, () => f.localGet(m.k).localGet(p.K).i32LtS(), () => {
    f.localGet(pK[0]).v128Load({ align: 4 }).localSet(x[0]);
    for (let c = 0; c < W; c++) {
      f.localGet(out[c]).localGet(x[0]).localGet(pB[c]).v128Load32Splat().f32x4Mul().f32x4Add();
      f.localSet(out[c]);
      bumpBy(f, pB[c], 4);
    }
    bump(f, pK[0], () => f.localGet(m.lda4));
    bumpBy(f, m.k, 1);
  });
  for (let c = 0; c < W; c++) {
    if (s.bias) {
      f.localGet(out[c]).localGet(p.bias).localGet(m.j).i32Const(4).i32Mul().i32Add();
      f.v128Load32Splat({ offset: 4 * c }).f32x4Add().localSet(out[c]);
    }
    if (s.relu) f.localGet(out[c]).v128Const(new Uint8Array(16)).f32x4Max().localSet(out[c]);
    for (let r = 0; r < 4; r++) {
      f.localGet(m.pc).localGet(m.j).i32Const(4).i32Mul().i32Add();
      if (r > 0) f.localGet(m.n4).i32Const(r).i32Mul().i32Add();
      f.localGet(out[c]).v128Store32Lane(r, { offset: 4 * c });
    }
  }
}
