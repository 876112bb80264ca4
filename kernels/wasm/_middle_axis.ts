/**
 * The walk shared by the Wasm reductions over the middle axis of
 * `[outer, r, inner]` (`reduce`, `reduce_arg`): units are output elements,
 * and a launch's range `[start, end)` is cut into runs that stay inside one
 * output row, so each run reads a contiguous block of every input row.
 *
 * @module
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";

/** The i32 locals the walk sets for each run. */
export interface RunLocals {
  /** The next unit. */
  readonly u: number;
  /** The output row of the run. */
  readonly o: number;
  /** Scratch: the run's end column. */
  readonly c1: number;
  /** The run's length in units. */
  readonly n: number;
  /** Byte address of the run's first output. */
  readonly dst: number;
  /** Byte address of the run's first input (row j = 0). */
  readonly src: number;
  /** Bytes between input rows, `4 * inner`. */
  readonly stride: number;
}

/**
 * Emits the walk: for each run, sets `n`, `dst` and `src` (and `u` past the
 * run), then emits `body`. `p` holds the kernel's `x`, `out`, `r`, `inner`,
 * `start` and `end` parameters.
 */
export function forOutputRuns(
  f: CodeBuilder,
  p: Readonly<Record<string, number>>,
  l: RunLocals,
  body: () => void,
): void {
  const { u, o, c1, n, dst, src } = l;
  f.localGet(p.inner).i32Const(4).i32Mul().localSet(l.stride);
  f.localGet(p.start).localSet(u);
  f.block((done) =>
    f.loop((top) => {
      f.localGet(u).localGet(p.end).i32GeS().brIf(done);
      f.localGet(u).localGet(p.inner).i32DivU().localSet(o);
      f.localGet(p.end).localGet(o).localGet(p.inner).i32Mul().i32Sub().localTee(c1);
      f.localGet(p.inner).localGet(c1).localGet(p.inner).i32LtS().select().localSet(c1);
      f.localGet(o).localGet(p.inner).i32Mul().localGet(c1).i32Add().localGet(u).i32Sub()
        .localSet(n);
      f.localGet(p.out).localGet(u).i32Const(4).i32Mul().i32Add().localSet(dst);
      // src = x + 4 * (o * r * inner + (u - o * inner)) = x + 4 * (u + o * (r - 1) * inner)
      f.localGet(p.x).localGet(u).localGet(o).localGet(p.r).i32Const(1).i32Sub().i32Mul()
        .localGet(p.inner).i32Mul().i32Add().i32Const(4).i32Mul().i32Add().localSet(src);
      f.localGet(u).localGet(n).i32Add().localSet(u);
      body();
      f.br(top);
    })
  );
}

/** Emits `while (n >= cols) body()`. */
export function whileAtLeast(f: CodeBuilder, n: number, cols: number, body: () => void): void {
  f.block((done) =>
    f.loop((top) => {
      f.localGet(n).i32Const(cols).i32LtS().brIf(done);
      body();
      f.br(top);
    })
  );
}
