/**
 * Shared pieces of the Wasm kernel emitters: the module frame (shared arena
 * memory imported as `env.memory`, one exported `run(args..., start, end)`),
 * counted loops with `continue`, and row helpers that walk a row of `D`
 * float32 values as `D >> 2` v128 vectors plus a scalar tail, in chunks small
 * enough to keep accumulators in registers.
 */

import { ModuleBuilder } from "../../src/wasm/module_builder.ts";
import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import type { Label } from "../../src/wasm/types.ts";
import { guardBag, guardBelow } from "./_guard.ts";
import { type ParamList, type Signature, wasmParams } from "../signature.ts";

/** Types of `run`'s parameters: pointers and sizes are i32, real numbers f64. */
export type ParamType = "i32" | "f64";

/** Parameter locals of `run` by name (an array for a list parameter), then `start` and `end`. */
export type ParamLocals<G extends Signature> =
  & { readonly [K in keyof G]: G[K] extends ParamList ? readonly number[] : number }
  & { readonly start: number; readonly end: number };

/** An emitted kernel module. */
export interface WasmKernel {
  /** The module's bytes. */
  readonly bytes: Uint8Array;
  /** Parameter types of `run` (the kernel's args, then start and end). */
  readonly params: readonly ParamType[];
  /** Whether the module imports `env.pow` (`Math.pow`). */
  readonly pow: boolean;
  /** WAT-like listing, for debugging: built (by emitting again) on first access only. */
  readonly text: string;
}

/** Parameter locals a shared emitter needs, by name. */
export type Locals<K extends string> = { readonly [k in K]: number };

/** What a kernel body gets: the builder, parameter locals by name, and the pow import. */
export interface Emit<P = Readonly<Record<string, number>>> {
  readonly f: CodeBuilder;
  readonly p: P;
  readonly pow: number;
}

/**
 * Builds a kernel module around `run(params..., start, end)`, its params
 * those of the kernel's signature for the spec.
 *
 * @param sig The kernel's signature (`kernels/signature.ts`).
 * @param spec The spec (list parameters take their lengths from it).
 * @param body Emits the body of `run`.
 */
export function emitKernel<G extends Signature>(
  name: string,
  sig: G,
  spec: unknown,
  body: (e: Emit<ParamLocals<G>>) => void,
  options: { pow?: boolean } = {},
): WasmKernel {
  const params = wasmParams(sig, spec);
  const all = [...params, ["start", "i32"], ["end", "i32"]] as const;
  const build = (listing: boolean) => {
    const mb = new ModuleBuilder({ listing });
    mb.importMemory("env", "memory", { initial: 1, maximum: 65536, shared: true });
    const pow = options.pow
      ? mb.importFunction("env", "pow", { params: ["f64", "f64"], results: ["f64"] })
      : -1;
    const f = mb.addFunction("run", {
      params: all.map(([, t]) => t),
      results: ["i32"],
      paramNames: all.map(([n]) => n),
      export: true,
    });
    body({ f, p: paramLocals(sig, spec) as ParamLocals<G>, pow });
    f.i32Const(0);
    return mb;
  };
  let text: string | undefined;
  return {
    bytes: build(false).toBytes(),
    params: all.map(([, t]) => t),
    pow: options.pow ?? false,
    // The listing of a wide kernel is large: build it only when someone reads it.
    get text(): string {
      return text ??= `;; ${name}\n${build(true).toText()}`;
    },
  };
}

/** Local indices of `run`'s parameters by name (lists as arrays), then start and end. */
function paramLocals(sig: Signature, spec: unknown): Record<string, number | number[]> {
  const p: Record<string, number | number[]> = {};
  let i = 0;
  for (const [name, k] of Object.entries(sig)) {
    if (typeof k === "string") p[name] = i++;
    else {
      const n = (k.count as (s: unknown) => number)(spec), l: number[] = [];
      for (let q = 0; q < n; q++) l.push(i++);
      p[name] = l;
    }
  }
  p.start = i;
  p.end = i + 1;
  return p;
}

/**
 * `for (i = from; i < to; i++) body(cont)`, signed comparison; `br(cont)`
 * inside the body skips to the next iteration.
 */
export function forRange(
  f: CodeBuilder,
  i: number,
  from: () => void,
  to: () => void,
  body: (cont: Label) => void,
): void {
  from();
  f.localSet(i);
  f.block((done) => {
    f.loop((top) => {
      f.localGet(i);
      to();
      f.i32GeS().brIf(done);
      f.block((cont) => body(cont));
      f.localGet(i).i32Const(1).i32Add().localSet(i).br(top);
    });
  });
}

/** Pushes `base + index * scale` (i32, wrapping like a u32 address). */
export function addr(f: CodeBuilder, base: number, index: number, scale: number): CodeBuilder {
  f.localGet(base).localGet(index);
  if (scale !== 1) f.i32Const(scale).i32Mul();
  return f.i32Add();
}

/** Pushes the i32 at `base + index * 4`. */
export function loadI32At(f: CodeBuilder, base: number, index: number): CodeBuilder {
  return addr(f, base, index, 4).i32Load({ align: 4 });
}

/** Pushes the end of bag `b`: `off[b + 1]` if `b + 1 < nOff`, else `N`. */
export function bagEnd(f: CodeBuilder, p: Locals<"off" | "nOff" | "N">, b: number): void {
  f.localGet(b).i32Const(1).i32Add().localGet(p.nOff).i32LtS();
  f.if("i32", () => addr(f, p.off, b, 4).i32Load({ offset: 4, align: 4 }), () => f.localGet(p.N));
}

/** The vector layout of a row of `D` floats. */
export interface RowShape {
  /** Number of full v128 vectors. */
  readonly vectors: number;
  /** Number of trailing scalars (`D % 4`). */
  readonly tail: number;
  /** Alignment hint for rows (16 when rows are 16-byte aligned). */
  readonly align: number;
  /** Chunks of vector indices processed per pass; the tail goes with the last chunk. */
  readonly chunks: readonly (readonly number[])[];
}

/** Splits a row into v128 chunks of at most `chunk` vectors. */
export function rowShape(D: number, chunk: number): RowShape {
  const vectors = D >> 2, tail = D & 3;
  const chunks: number[][] = [];
  for (let v = 0; v < vectors; v += chunk) {
    chunks.push(Array.from({ length: Math.min(chunk, vectors - v) }, (_, i) => v + i));
  }
  if (chunks.length === 0) chunks.push([]);
  return { vectors, tail, align: D % 4 === 0 ? 16 : 4, chunks };
}

/** Byte offset of scalar `t` of the tail. */
export function tailOffset(shape: RowShape, t: number): number {
  return 16 * shape.vectors + 4 * t;
}

/** Emits the same code for every element of a row chunk: each vector, then (in the last chunk) each tail scalar. */
export function forChunk(
  shape: RowShape,
  chunk: number,
  vector: (v: number, slot: number) => void,
  scalar: (t: number) => void,
): void {
  shape.chunks[chunk].forEach((v, slot) => vector(v, slot));
  if (chunk === shape.chunks.length - 1) { for (let t = 0; t < shape.tail; t++) scalar(t); }
}

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
