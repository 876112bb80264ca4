/**
 * Wasm `gather`: row copies, unrolled as v128 moves (or `memory.copy` for
 * wide rows). Positions go in groups: the rows of group g + 1 are touched
 * before group g is copied, to keep several rows in flight (see
 * `touchRows`). Same contract as `kernels/gather.ts`.
 *
 * @module
 */

import { gather, type GatherSpec } from "../gather.ts";
import { addr, emitKernel, forRange, rowShape, tailOffset, type WasmKernel } from "./_emit.ts";
import { storeSink, touchRows } from "./_rows_emit.ts";
import { guardBelow } from "./_guard.ts";
import { type KernelTuning, TUNING } from "./_tuning.ts";

/**
 * Rows wider than this many bytes are copied with `memory.copy` (the engine's
 * `memmove`, with the widest loads the CPU has), and their rows are not touched
 * ahead: measured on the 2-core AMD EPYC, `lookup-nlp`'s 512-byte rows took
 * 2.0 ms that way against 2.6–3.3 ms unrolled (touched or not) and 2.7–3.2 ms
 * copied after a touch; 1 KiB rows of a 1M-row table 1.26 against 1.45 ms.
 * Narrower rows of a cold table gain from the touch (256-byte rows of a 1M-row
 * table: 1.81 ms unrolled and touched, 2.41 ms copied).
 */
export let UNROLL_BYTES = 256;
/** Benchmarks only: switch between unrolled copies and memory.copy. */
export function setUnrollBytes(n: number): void {
  UNROLL_BYTES = n;
}

/** Emits the lookup kernel for a spec. */
export function emitGather(s: GatherSpec, tuning: KernelTuning = TUNING): WasmKernel {
  const { D } = s;
  const shape = rowShape(D, 1 << 30);
  const G = Math.max(1, tuning.group);
  return emitKernel(`gather D=${D}`, gather.sig, s, ({ f, p }) => {
    const j = f.local("i32", "j"), src = f.local("i32", "src"), dst = f.local("i32", "dst");
    const g = f.local("i32", "g"), gEnd = f.local("i32", "gEnd");
    const ti = f.local("i32", "ti"),
      tEnd = f.local("i32", "tEnd"),
      tRow = f.local("i32", "tRow"),
      sink = f.local("i32", "sink");
    const clamp = (local: number) => {
      f.localGet(local).localGet(p.end).localGet(local).localGet(p.end).i32LtS().select().localSet(
        local,
      );
    };
    f.localGet(p.start).localSet(g);
    f.block((done) => {
      f.loop((top) => {
        f.localGet(g).localGet(p.end).i32GeS().brIf(done);
        f.localGet(g).i32Const(G).i32Add().localSet(gEnd);
        clamp(gEnd);
        if (s.touch && tuning.aheadRows > 0 && D * 4 <= UNROLL_BYTES) {
          f.localGet(gEnd).localSet(ti);
          f.localGet(gEnd).i32Const(G).i32Add().localSet(tEnd);
          clamp(tEnd);
          touchRows(
            f,
            { W: p.W, idx: p.idx, i: ti, end: tEnd, row: tRow, sink, V: p.V },
            D,
            tuning.aheadLines,
          );
        }
        forRange(f, j, () => f.localGet(g), () => f.localGet(gEnd), () => {
          addr(f, p.idx, j, 4).i32Load({ align: 4 }).localSet(src);
          guardBelow(f, () => f.localGet(src), () => f.localGet(p.V));
          f.localGet(src).i32Const(D * 4).i32Mul().localGet(p.W).i32Add().localSet(src);
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
        f.localGet(gEnd).localSet(g).br(top);
      });
    });
    storeSink(f, sink);
  });
}
