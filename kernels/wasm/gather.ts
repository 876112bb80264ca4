/**
 * Wasm `gather`: row copies, unrolled as v128 moves (or `memory.copy` for
 * wide rows). Same contract as `kernels/gather.ts`.
 *
 * @module
 */

import type { GatherSpec } from "../gather.ts";
import { addr, emitKernel, forRange, rowShape, tailOffset, type WasmKernel } from "./_emit.ts";

/** Rows wider than this many bytes are copied with `memory.copy`. */
const UNROLL_BYTES = 1024;

/** Emits the lookup kernel for a spec. */
export function emitGather(s: GatherSpec): WasmKernel {
  const { D } = s;
  const shape = rowShape(D, 1 << 30);
  return emitKernel(`gather D=${D}`, [["W", "i32"], ["idx", "i32"], ["out", "i32"]], ({ f, p }) => {
    const j = f.local("i32", "j"), src = f.local("i32", "src"), dst = f.local("i32", "dst");
    forRange(f, j, () => f.localGet(p.start), () => f.localGet(p.end), () => {
      addr(f, p.idx, j, 4).i32Load({ align: 4 }).i32Const(D * 4).i32Mul().localGet(p.W).i32Add().localSet(src);
      addr(f, p.out, j, D * 4).localSet(dst);
      if (D * 4 > UNROLL_BYTES) {
        f.localGet(dst).localGet(src).i32Const(D * 4).memoryCopy();
        return;
      }
      for (let v = 0; v < shape.vectors; v++) {
        f.localGet(dst).localGet(src).v128Load({ offset: 16 * v, align: shape.align });
        f.v128Store({ offset: 16 * v, align: shape.align });
      }
      for (let t = 0; t < shape.tail; t++) {
        f.localGet(dst).localGet(src).f32Load({ offset: tailOffset(shape, t) });
        f.f32Store({ offset: tailOffset(shape, t) });
      }
    });
  });
}
