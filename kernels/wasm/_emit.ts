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
 * Zeroes the `D` floats at the address in local `at`. Rows of up to 64
 * floats get v128 stores: `memory.fill` is a call out of the kernel in V8,
 * which costs more than the stores for a short row.
 */
export function zeroRow(f: CodeBuilder, at: number, D: number): void {
  if (D > 64) {
    f.localGet(at).i32Const(0).i32Const(D * 4).memoryFill();
    return;
  }
  const shape = rowShape(D, 1 << 30);
  for (let v = 0; v < shape.vectors; v++) {
    f.localGet(at).v128ConstI32x4([0, 0, 0, 0]).v128Store({ offset: 16 * v, align: shape.align });
  }
  for (let t = 0; t < shape.tail; t++) {
    f.localGet(at).i32Const(0).i32Store({ offset: tailOffset(shape, t), align: 4 });
  }
}
