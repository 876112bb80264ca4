/**
 * Wasm `matmul`: batched `C = op(A) · op(B)` (+ bias) (then ReLU) with
 * f32x4, register-tiled. Same contract, layouts and summation order as
 * `kernels/matmul.ts`; units are output rows `b * M + i`. The launch's rows
 * go in blocks of `mBlock` rounded up to whole tiles of the tallest height
 * (60 rows; 64 for `Aᵀ·Bᵀ`, whose tiles are 8 rows: a block then ends in no
 * tile of 4, and `A`'s 32-byte loads stay within half a cache line); in a
 * block, for each strip of columns, the row
 * tiles: `R` rows at a time when `R` rows of one matrix remain in the
 * block, else smaller tiles (2 rows; 4 for `Aᵀ·Bᵀ`), else one at a time
 * (every output is summed in the same order whatever its tile or block, so
 * any split computes the same bits).
 *
 * - `transB` false (outer products, kernels/wasm/_matmul_rows.ts): tiles of
 *   `rows × 4 vecs` outputs (`tRows × 4 vecs` with `transA`).
 * - `transB` true, `transA` false (dot products, kernels/wasm/_matmul_dot.ts):
 *   tiles of `dotRows × dotCols` outputs.
 * - `transA` and `transB` (outer products of `Cᵀ`, kernels/wasm/_matmul_tt.ts):
 *   tiles of 8 × 4 outputs.
 *
 * The tiling is `MATMUL_TILING` unless the spec names one (benchmarks
 * compare tilings that way).
 *
 * @module
 */

import { matmul, type MatmulSpec } from "../matmul.ts";
import { emitKernel, type WasmKernel } from "./_emit.ts";
import { dotTiles } from "./_matmul_dot.ts";
import {
  loopWhile,
  MATMUL_TILING,
  type MatmulEmitSpec,
  type MatmulFrame,
  type MatmulTiling,
  pool,
} from "./_matmul_frame.ts";
import { rowsTiles } from "./_matmul_rows.ts";
import { TT_ROWS, ttTiles } from "./_matmul_tt.ts";

export { MATMUL_TILING, type MatmulTiling } from "./_matmul_frame.ts";

/** Emits the matrix-product kernel for a spec (flags, and optionally a tiling). */
export function emitMatmul(spec: MatmulEmitSpec): WasmKernel {
  const s: MatmulSpec = {
    transA: spec.transA,
    transB: spec.transB,
    bias: spec.bias,
    relu: spec.relu,
    ...(spec.mask ? { mask: true } : {}),
    ...(spec.fma ? { fma: true } : {}),
  };
  const t: MatmulTiling = {
    rows: spec.rows ?? MATMUL_TILING.rows,
    tRows: spec.tRows ?? MATMUL_TILING.tRows,
    vecs: spec.vecs ?? MATMUL_TILING.vecs,
    unroll: spec.unroll ?? MATMUL_TILING.unroll,
    dotRows: spec.dotRows ?? MATMUL_TILING.dotRows,
    dotCols: spec.dotCols ?? MATMUL_TILING.dotCols,
    dotUnroll: spec.dotUnroll ?? MATMUL_TILING.dotUnroll,
    kBlock: spec.kBlock ?? MATMUL_TILING.kBlock,
    mBlock: spec.mBlock ?? MATMUL_TILING.mBlock,
  };
  const flags = Object.entries(s).filter(([, v]) => v).map(([k]) => k).join(" ");
  const name = `matmul ${flags} ${JSON.stringify(t)}`;
  return emitKernel(name, matmul.sig, s, ({ f, p }) => {
    const l = (n: string) => f.local("i32", n);
    const u = l("u"), b = l("b"), i = l("i"), ub = l("ub"), ue = l("ue");
    const m: MatmulFrame = {
      f,
      p,
      s,
      t,
      pa: l("pa"),
      pb: l("pb"),
      pc: l("pc"),
      j: l("j"),
      k: l("k"),
      k0: l("k0"),
      k1: l("k1"),
      passes: !(s.transB && !s.transA) && t.kBlock > 0,
      lda4: l("lda4"),
      ldb4: l("ldb4"),
      n4: l("n4"),
      tmp: l("tmp"),
      mask: s.mask ? p.mask[0] : -1,
      v128: pool(f, "v128", "v"),
      i32: pool(f, "i32", "q"),
      f32: pool(f, "f32", "x"),
    };
    f.localGet(s.transA ? p.M : p.K).i32Const(4).i32Mul().localSet(m.lda4);
    f.localGet(s.transB ? p.K : p.N).i32Const(4).i32Mul().localSet(m.ldb4);
    f.localGet(p.N).i32Const(4).i32Mul().localSet(m.n4);
    // Tile heights, tallest first: the rows left before the launch's end or the matrix's take smaller ones.
    const R = s.transB ? (s.transA ? TT_ROWS : t.dotRows) : s.transA ? t.tRows : t.rows;
    const tiers = [...new Set([R, R > 2 && !s.transB ? 2 : R, s.transA && s.transB ? 4 : R])]
      .filter((r) => r > 1).sort((a, b) => b - a);
    // Blocks of whole tallest tiles (see the module's doc).
    const MB = Math.max(0, Math.ceil(t.mBlock / R) * R);
    const tiles = !s.transB ? rowsTiles(m) : s.transA ? ttTiles(m) : dotTiles(m);
    // Passes over k (transB false, kBlock > 0): do { k1 = min(k0 + kBlock, K); blocks } while (k1 < K)
    const KB = (s.transB && !s.transA) || t.kBlock <= 0 ? 0 : t.kBlock;
    f.i32Const(0).localSet(m.k0);
    f.localGet(p.K).localSet(m.k1);
    f.loop((pass) => {
      if (KB > 0) {
        f.localGet(m.k0).i32Const(KB).i32Add().localTee(m.k1).localGet(p.K).i32GtS();
        f.if(() => f.localGet(p.K).localSet(m.k1));
      }
      // Blocks of rows [ub, ue): each column strip, then every row tile of the block.
      f.localGet(p.start).localSet(ub);
      loopWhile(f, () => f.localGet(ub).localGet(p.end).i32LtS(), () => {
        f.localGet(p.end).localSet(ue);
        if (MB > 0) {
          f.localGet(ub).i32Const(MB).i32Add().localTee(ue).localGet(p.end).i32GtS();
          f.if(() => f.localGet(p.end).localSet(ue));
        }
        f.i32Const(0).localSet(m.j);
        for (const { width, tile } of tiles) {
          const fits = () => f.localGet(m.j).i32Const(width).i32Add().localGet(p.N).i32LeS();
          loopWhile(f, fits, () => {
            rowTiles(tile);
            f.localGet(m.j).i32Const(width).i32Add().localSet(m.j);
          });
        }
        f.localGet(ue).localSet(ub);
      });
      if (KB > 0) {
        f.localGet(m.k1).localSet(m.k0);
        f.localGet(m.k0).localGet(p.K).i32LtS().brIf(pass);
      }
    });
    /** The rows `[ub, ue)` at column `j`: tiles of the tallest height that fits before `ue` and the matrix's end. */
    function rowTiles(tile: (R: number) => void): void {
      f.localGet(ub).localSet(u);
      loopWhile(f, () => f.localGet(u).localGet(ue).i32LtS(), () => {
        // b = u / M, i = u % M; pa = &op(A)[b][i, 0], pb = &B[b], pc = &C[u, 0]
        f.localGet(u).localGet(p.M).i32DivU().localTee(b).localGet(p.M).i32Mul().localSet(i);
        f.localGet(u).localGet(i).i32Sub().localSet(i);
        f.localGet(p.A).localGet(b).localGet(p.strideA).i32Mul().i32Const(4).i32Mul().i32Add();
        f.localGet(i);
        if (s.transA) f.i32Const(4);
        else f.localGet(m.lda4);
        f.i32Mul().i32Add().localSet(m.pa);
        f.localGet(p.B).localGet(b).localGet(p.strideB).i32Mul().i32Const(4).i32Mul().i32Add()
          .localSet(m.pb);
        f.localGet(p.C).localGet(u).localGet(m.n4).i32Mul().i32Add().localSet(m.pc);
        f.block((next) => {
          for (const rows of tiers) {
            f.localGet(u).i32Const(rows).i32Add().localGet(ue).i32LeS();
            f.localGet(i).i32Const(rows).i32Add().localGet(p.M).i32LeS().i32And();
            f.if(() => {
              tile(rows);
              f.localGet(u).i32Const(rows).i32Add().localSet(u).br(next);
            });
          }
          tile(1);
          f.localGet(u).i32Const(1).i32Add().localSet(u);
        });
      });
    }
  });
}
