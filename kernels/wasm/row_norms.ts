/**
 * Wasm `row_norms`: eight rows at a time, two rows to an f64x2 accumulator
 * (row `2k` in lane 0, row `2k + 1` in lane 1), four elements of each row
 * per step, interleaved into lane pairs and widened to float64; each row's
 * sum in order of `d`, as `kernels/row_norms.ts` (same contract, bit for
 * bit). Rows left over (fewer than eight) run in scalar float64 code.
 *
 * @module
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import { rowNorms, type RowNormsSpec } from "../row_norms.ts";
import { addr, emitKernel, forRange, type WasmKernel } from "./_emit.ts";

/** Rows per group: four accumulators of two rows keep four chains of additions in flight. */
const GROUP = 8;
/** Bytes of `[a0, b0, a1, b1]` and of `[a2, b2, a3, b3]` from two f32x4 `a`, `b`. */
const LOW = [0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23];
const HIGH = [8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31];
/** The upper two f32 lanes moved down. */
const DOWN = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];

/** Emits the row-norm kernel for a row width. */
export function emitRowNorms(s: RowNormsSpec): WasmKernel {
  const { D } = s, vectors = D >> 2, stride = 4 * D;
  return emitKernel(`row_norms D=${D}`, rowNorms.sig, s, ({ f, p }) => {
    const [r, v, at, last] = ["r", "v", "at", "last"].map((n) => f.local("i32", n));
    const acc = [0, 1, 2, 3].map((k) => f.local("v128", `acc${k}`));
    const [x, pair] = ["x", "pair"].map((n) => f.local("v128", n));
    const sum = f.local("f64", "sum"), e = f.local("f64", "e");
    /** acc += pair * pair, for the f32 lane pair at the bottom of `pair` widened. */
    const addSquares = (a: number) =>
      f.localGet(pair).f64x2PromoteLowF32x4().localTee(x).localGet(x).f64x2Mul()
        .localGet(a).f64x2Add().localSet(a);
    // Groups of eight rows: r runs over group starts while r + 8 <= end.
    f.localGet(p.end).i32Const(GROUP - 1).i32Sub().localSet(last);
    f.localGet(p.start).localSet(r);
    f.block((done) => {
      f.loop((top) => {
        f.localGet(r).localGet(last).i32GeS().brIf(done);
        for (const a of acc) f.f64Const(0).f64x2Splat().localSet(a);
        addr(f, p.W, r, stride).localSet(at);
        if (vectors > 0) {
          forRange(f, v, () => f.i32Const(0), () => f.i32Const(vectors), () => {
            for (let k = 0; k < 4; k++) {
              const load = (row: number) =>
                f.localGet(at).v128Load({ offset: row * stride, align: 4 });
              for (const lanes of [LOW, HIGH]) {
                load(2 * k);
                load(2 * k + 1);
                f.i8x16Shuffle(lanes).localSet(pair);
                addSquares(acc[k]);
                f.localGet(pair).localGet(pair).i8x16Shuffle(DOWN).localSet(pair);
                addSquares(acc[k]);
              }
            }
            f.localGet(at).i32Const(16).i32Add().localSet(at);
          });
        }
        // The last D % 4 elements (`at` points at element 4 * vectors of row r).
        for (let d = 0; d < D - 4 * vectors; d++) {
          for (let k = 0; k < 4; k++) {
            const elem = (row: number) =>
              f.localGet(at).f32Load({ offset: row * stride + 4 * d, align: 4 }).f64PromoteF32();
            elem(2 * k).f64x2Splat();
            elem(2 * k + 1).f64x2ReplaceLane(1).localTee(x).localGet(x).f64x2Mul();
            f.localGet(acc[k]).f64x2Add().localSet(acc[k]);
          }
        }
        for (let k = 0; k < 4; k++) {
          addr(f, p.out, r, 4);
          f.localGet(acc[k]).f64x2Sqrt().f32x4DemoteF64x2Zero();
          f.v128Store64Lane(0, { offset: 8 * k, align: 4 });
        }
        f.localGet(r).i32Const(GROUP).i32Add().localSet(r).br(top);
      });
    });
    // The rows left over, one at a time.
    forRange(f, r, () => f.localGet(r), () => f.localGet(p.end), () => {
      addr(f, p.W, r, stride).localSet(at);
      f.f64Const(0).localSet(sum);
      forRange(f, v, () => f.i32Const(0), () => f.i32Const(D), () => {
        scalarSquare(f, at, v, e).localGet(sum).f64Add().localSet(sum);
      });
      addr(f, p.out, r, 4).localGet(sum).f64Sqrt().f32DemoteF64().f32Store({ align: 4 });
    });
  });
}

/** Pushes `f64(W[at + 4 d])^2` for the element `d` of a row starting at `at`. */
function scalarSquare(f: CodeBuilder, at: number, d: number, e: number): CodeBuilder {
  return addr(f, at, d, 4).f32Load({ align: 4 }).f64PromoteF32().localTee(e).localGet(e).f64Mul();
}
