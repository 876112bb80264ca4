/**
 * The `transA` and `transB` tiles of Wasm `matmul` (outer products of `Cᵀ`):
 * the stored `A` is `[K, M]`, so `A[k, i..i+7]` is two vectors, and the
 * stored `B` is `[N, K]`, so `B[j + c, k]` is splatted through one pointer
 * per column with `k` unrolled into the load offsets. A tile holds 8 rows ×
 * 4 columns of `C` as `Cᵀ` (one vector per column and 4 rows), summed over
 * `k` in order as the JS reference does, and is transposed in registers
 * (4 × 4 blocks) to be stored (or reloaded between passes over `k`) by rows.
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
import { loadOut, maskScalar, relu, storeOut } from "./_matmul_out.ts";

/** Rows of a tile. */
export const TT_ROWS = 8;

/** The tiles of `R` rows (8, 4 or 1) at column `j`: 4 columns, then 1. */
export function ttTiles(m: MatmulFrame): Tiles {
  return [4, 1].map((W) => ({ width: W, tile: (R: number) => ttTile(m, R, W) }));
}

/** `R × W` outputs at column `j` (`R` is 8, as two vectors, or 1, in f32). */
function ttTile(m: MatmulFrame, R: number, W: number): void {
  const { f } = m;
  const V = R >> 2, vector = V > 0, n = vector ? V * W : W;
  const v = m.v128(V * W + V + 5 + W), acc = vector ? v.slice(0, n) : m.f32(W);
  const av = v.slice(V * W, V * W + V), sp = v[V * W + V], tmp = v.slice(V * W + V + 1);
  // In the unrolled loop, when the registers allow, B[j + c, k..k+3] is one load, its lanes broadcast by shuffles.
  const U = m.t.unroll, bw = v.slice(V * W + V + 5);
  const wide = vector && U % 4 === 0 && V * W + V + W + 1 <= V128_REGISTERS;
  // acc[c * V + q] lane l = C[u + 4q + l, j + c] (vector); acc[c] = C[u, j + c] (R = 1).
  init(m, () => {
    for (const a of acc) {
      if (vector) zero(f, a);
      else f.f32Const(0).localSet(a);
    }
  }, () => moveRows(m, acc, V, W, tmp, "load"));
  const ptr = m.i32(1 + W), pA = ptr[0], pB = ptr.slice(1);
  f.localGet(m.pa).localGet(m.k0).localGet(m.lda4).i32Mul().i32Add().localSet(pA);
  f.localGet(m.pb).localGet(m.j).localGet(m.ldb4).i32Mul().i32Add();
  f.localGet(m.k0).i32Const(4).i32Mul().i32Add().localSet(pB[0]);
  for (let c = 1; c < W; c++) f.localGet(pB[c - 1]).localGet(m.ldb4).i32Add().localSet(pB[c]);
  const step = (u: number, unrolled: boolean) => {
    if (wide && unrolled && u % 4 === 0) {
      for (let c = 0; c < W; c++) {
        f.localGet(pB[c]).v128Load({ offset: 4 * u, align: 4 }).localSet(bw[c]);
      }
    }
    if (vector) {
      for (let q = 0; q < V; q++) {
        f.localGet(pA).v128Load({ offset: 16 * q, align: 4 }).localSet(av[q]);
      }
    }
    for (let c = 0; c < W; c++) {
      if (!vector) {
        const b = () => f.localGet(pB[c]).f32Load({ offset: 4 * u });
        madd(m, acc[c], () => f.localGet(pA).f32Load(), b, false);
        continue;
      }
      if (wide && unrolled) {
        f.localGet(bw[c]).localGet(bw[c]);
        shuffle32(f, [u % 4, u % 4, u % 4, u % 4]);
      } else f.localGet(pB[c]).v128Load32Splat({ offset: 4 * u });
      f.localSet(sp);
      for (let q = 0; q < V; q++) {
        madd(m, acc[c * V + q], () => f.localGet(av[q]), () => f.localGet(sp));
      }
    }
    bump(f, pA, () => f.localGet(m.lda4));
  };
  f.localGet(m.k0).localSet(m.k);
  for (const by of U > 1 ? [U, 1] : [1]) {
    loopWhile(f, () => f.localGet(m.k).i32Const(by).i32Add().localGet(m.k1).i32LeS(), () => {
      for (let u = 0; u < by; u++) step(u, by > 1);
      for (const x of pB) bumpBy(f, x, 4 * by);
      bumpBy(f, m.k, by);
    });
  }
  store(m, (epilogue) => moveRows(m, acc, V, W, tmp, "store", epilogue));
}

/**
 * Stores the tile to `C` by rows, or loads it back: 4 columns of 4 rows are
 * transposed in registers; a single column goes lane by lane; `R = 1` is f32.
 */
function moveRows(
  m: MatmulFrame,
  acc: number[],
  V: number,
  W: number,
  t: number[],
  op: "load" | "store",
  epilogue = true,
): void {
  const { f, s, p } = m;
  if (V === 0) {
    for (let c = 0; c < W; c++) {
      if (op === "load") loadOut(m, 0, acc[c], false, 0, c);
      else storeOut(m, 0, acc[c], false, 0, epilogue, c);
    }
    return;
  }
  for (let q = 0; q < V; q++) {
    const cols = Array.from({ length: W }, (_, c) => acc[c * V + q]);
    if (W === 4) {
      if (op === "load") {
        for (let l = 0; l < 4; l++) loadOut(m, 4 * q + l, cols[l], true);
        transpose4(m, cols, t);
      } else {
        transpose4(m, cols, t);
        for (let l = 0; l < 4; l++) storeOut(m, 4 * q + l, cols[l], true, 0, epilogue);
      }
      continue;
    }
    // One column: lane l is row 4q + l.
    if (op === "store" && epilogue && s.bias) {
      f.localGet(cols[0]).localGet(p.bias).localGet(m.j).i32Const(4).i32Mul().i32Add();
      f.v128Load32Splat().f32x4Add().localSet(cols[0]);
    }
    if (op === "store" && epilogue && s.relu) {
      relu(f.localGet(cols[0])).localSet(cols[0]);
    }
    for (let l = 0; l < 4; l++) {
      f.localGet(m.pc).localGet(m.j).i32Const(4).i32Mul().i32Add();
      f.localGet(m.n4).i32Const(4 * q + l).i32Mul().i32Add();
      if (op === "store" && epilogue && s.mask) {
        f.localTee(m.tmp).localGet(cols[0]).f32x4ExtractLane(l);
        maskScalar(m, 0);
        f.f32Store({ align: 4 });
      } else if (op === "store") f.localGet(cols[0]).v128Store32Lane(l, { align: 4 });
      else f.localGet(cols[0]).v128Load32Lane(l, { align: 4 }).localSet(cols[0]);
    }
  }
}

/** Transposes the 4 × 4 block in `x` in place (`t`: 4 temporaries). */
function transpose4(m: MatmulFrame, x: number[], t: number[]): void {
  const { f } = m;
  const pass = (src: number[], dst: number[], lanes: [number[], number[]]) => {
    for (
      const [a, b, lo, hi] of [[src[0], src[1], dst[0], dst[1]], [src[2], src[3], dst[2], dst[3]]]
    ) {
      f.localGet(a).localGet(b);
      shuffle32(f, lanes[0]);
      f.localSet(lo).localGet(a).localGet(b);
      shuffle32(f, lanes[1]);
      f.localSet(hi);
    }
  };
  // t = [x0.0 x1.0 x0.1 x1.1], [x0.2 x1.2 x0.3 x1.3], the same of x2, x3.
  pass(x, t, [[0, 4, 1, 5], [2, 6, 3, 7]]);
  // x0 = [x0.0 x1.0 x2.0 x3.0] = t0.01 t2.01, x1 = t0.23 t2.23, x2 = t1.01 t3.01, x3 = t1.23 t3.23
  pass([t[0], t[2], t[1], t[3]], [x[0], x[1], x[2], x[3]], [[0, 1, 4, 5], [2, 3, 6, 7]]);
}
