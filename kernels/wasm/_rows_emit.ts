/**
 * Emitting loops over bags and their rows, and the touches that keep random
 * rows of a cold table in flight (see `SINK_ADDRESS`): shared by the bag
 * kernels, the plain gather and word2vec training.
 *
 * @module
 */

import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import type { Label } from "../../src/wasm/types.ts";
import { guardBag, guardBelow } from "./_guard.ts";
import { addr, bagEnd, type Emit, forRange, loadI32At, type Locals } from "./_emit.ts";

/**
 * Byte offset of a word in the arena's reserved head where kernels store the
 * sum of the bytes they touched: V8 drops loads whose value is unused, so a
 * touch must feed a value that escapes. Racing stores there are harmless.
 */
export const SINK_ADDRESS = 8;

/**
 * Emits a touch of the rows `idx[from .. to)` (at most `maxRows` of them): one
 * byte of each of their first `maxLines` cache lines, summed into `sink`.
 * Wasm has no prefetch instruction; issuing the touches back to back, before
 * the arithmetic that needs them, keeps the load queue full of misses and
 * several rows in flight (bench/latency.ts measures it).
 */
export function touchRows(
  f: CodeBuilder,
  l: { W: number; idx: number; i: number; end: number; row: number; sink: number; V: number },
  D: number,
  maxLines: number,
): void {
  f.block((done) => {
    f.loop((top) => {
      f.localGet(l.i).localGet(l.end).i32GeS().brIf(done);
      // A row outside the table touches row 0 instead, without a branch (the reading loop reports it).
      loadI32At(f, l.idx, l.i).localTee(l.row).i32Const(0).localGet(l.row).localGet(l.V).i32LtU();
      f.select().i32Const(D * 4).i32Mul().localGet(l.W).i32Add().localSet(l.row);
      for (let line = 0; line < Math.min(maxLines * 64, D * 4); line += 64) {
        f.localGet(l.sink).localGet(l.row).i32Load8U({ offset: line }).i32Add().localSet(l.sink);
      }
      f.localGet(l.i).i32Const(1).i32Add().localSet(l.i).br(top);
    });
  });
}

/** Stores the touch sink (see `SINK_ADDRESS`). */
export function storeSink(f: CodeBuilder, sink: number): void {
  f.i32Const(SINK_ADDRESS).localGet(sink).i32Store({ align: 4 });
}

/**
 * Emits, at the start of bag `b`, a touch of the rows of bag `b + 1` (when it
 * is in this launch), capped at `tuning.aheadRows` rows.
 */
export function touchNextBag(
  f: CodeBuilder,
  p: Locals<"end" | "off" | "nOff" | "N" | "W" | "idx" | "V">,
  l: { b: number; i: number; end: number; row: number; sink: number },
  D: number,
  aheadRows: number,
  maxLines: number,
): void {
  if (aheadRows <= 0) return;
  f.localGet(l.b).i32Const(1).i32Add().localGet(p.end).i32LtS();
  f.if(() => {
    // i = end(b) (= off[b + 1] here, since b + 1 < end <= nOff's bags), end = min(end(b + 1), i + aheadRows)
    addr(f, p.off, l.b, 4).i32Load({ offset: 4, align: 4 }).localSet(l.i);
    f.localGet(l.b).i32Const(2).i32Add().localGet(p.nOff).i32LtS();
    f.if(
      "i32",
      () => addr(f, p.off, l.b, 4).i32Load({ offset: 8, align: 4 }),
      () => f.localGet(p.N),
    );
    f.localTee(l.end).localGet(l.i).i32Const(aheadRows).i32Add().localTee(l.row).localGet(l.end)
      .localGet(l.row).i32LtS().select().localSet(l.end);
    // Touch only positions inside [0, N) (offsets are guarded when their bag is reduced).
    f.localGet(l.i).localGet(l.end).i32GtU().localGet(l.end).localGet(p.N).i32GtU().i32Or()
      .i32Eqz();
    f.if(() =>
      touchRows(
        f,
        { W: p.W, idx: p.idx, i: l.i, end: l.end, row: l.row, sink: l.sink, V: p.V },
        D,
        maxLines,
      )
    );
  });
}

/** Locals of a kernel that loops over bags and their rows. */
export interface BagLocals {
  readonly b: number;
  readonly first: number;
  readonly last: number;
  readonly j: number;
  readonly row: number;
}

/** Declares the locals of `forEachBag` / `forEachRowOfBag`. */
export function bagLocals(f: CodeBuilder): BagLocals {
  const l = (name: string) => f.local("i32", name);
  return { b: l("b"), first: l("first"), last: l("last"), j: l("j"), row: l("row") };
}

/**
 * Emits `for b in [start, end)`: the bag's first and last positions, a touch
 * of the next bag's rows when `touch` (see `touchNextBag`), then `body`.
 */
export function forEachBag(
  e: Emit<Locals<"start" | "end" | "off" | "nOff" | "N" | "W" | "idx" | "V">>,
  l: BagLocals,
  D: number,
  touch: { readonly on: boolean; readonly rows: number; readonly lines: number },
  body: () => void,
): void {
  const { f, p } = e;
  const sink = touch.on ? f.local("i32", "sink") : -1;
  const t = touch.on
    ? { i: f.local("i32", "ti"), end: f.local("i32", "tEnd"), row: f.local("i32", "tRow") }
    : undefined;
  forRange(f, l.b, () => f.localGet(p.start), () => f.localGet(p.end), () => {
    loadI32At(f, p.off, l.b).localSet(l.first);
    bagEnd(f, p, l.b);
    f.localSet(l.last);
    guardBag(f, p, l.b, l.first, l.last);
    if (t) touchNextBag(f, p, { b: l.b, ...t, sink }, D, touch.rows, touch.lines);
    body();
  });
  if (touch.on) storeSink(f, sink);
}

/**
 * Emits `for j in [first, last)` over the bag's positions, with `row` the
 * byte address of `W[idx[j]]`; padding positions are skipped when `padded`;
 * an index outside `[0, V)` returns `FAULT`.
 */
export function forEachRowOfBag(
  e: Emit<Locals<"idx" | "pad" | "V" | "W">>,
  l: BagLocals,
  D: number,
  padded: boolean,
  body: (cont: Label) => void,
): void {
  const { f, p } = e;
  forRange(f, l.j, () => f.localGet(l.first), () => f.localGet(l.last), (cont) => {
    loadI32At(f, p.idx, l.j).localSet(l.row);
    if (padded) f.localGet(l.row).localGet(p.pad).i32Eq().brIf(cont);
    guardBelow(f, () => f.localGet(l.row), () => f.localGet(p.V));
    f.localGet(p.W).localGet(l.row).i32Const(D * 4).i32Mul().i32Add().localSet(l.row);
    body(cont);
  });
}
