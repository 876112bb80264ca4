/**
 * Wasm SIMD emitter of the float32 copy of the 2-D tree's cells that the
 * repulsion kernel reads (`ForceArena.build`), rounded to nearest as
 * `Float32Array.set` rounds them (the same bits), two float64 values a
 * conversion: a quarter of `set`'s time.
 *
 * @module
 */

import { emitKernel, forRange, type WasmKernel } from "../../kernels/wasm/_emit.ts";
import { signature } from "../../kernels/signature.ts";

/** Lanes 0 and 1 of two f32x4 (their demoted halves), one after the other. */
const LOWS = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

/**
 * `run(src, dst, start, end)`: cells `[start, end)` of four float64 values
 * each (`[bx, by, width2, size]`, 32 bytes) to four float32 (16 bytes).
 */
export function emitRoundCells(): WasmKernel {
  return emitKernel(
    "tsne round cells f64 to f32",
    signature({ src: "u8*", dst: "u8*" }),
    {},
    ({ f, p }) => {
      const c = f.local("i32", "c"), at = f.local("i32", "at");
      forRange(f, c, () => f.localGet(p.start), () => f.localGet(p.end), () => {
        f.localGet(p.dst).localGet(c).i32Const(16).i32Mul().i32Add();
        f.localGet(p.src).localGet(c).i32Const(32).i32Mul().i32Add().localTee(at);
        f.v128Load({ align: 8 }).f32x4DemoteF64x2Zero();
        f.localGet(at).v128Load({ offset: 16, align: 8 }).f32x4DemoteF64x2Zero();
        f.i8x16Shuffle(LOWS).v128Store({ align: 4 });
      });
    },
  );
}
