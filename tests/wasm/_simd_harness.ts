/**
 * Table-driven runner for SIMD opcodes. v128 values cannot cross the JS
 * boundary, so each row becomes an exported `(base, s)` function that loads
 * its vector operands from `base + 16k`, pushes `s` if the row has a scalar
 * operand, applies the instruction and stores the vector result at
 * `base + 48` (or, for `output: "return"`, returns the i32 it leaves, as
 * `all_true` and `bitmask` do).
 */

import assert from "node:assert/strict";
import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import { instantiate, type NullaryOp, sharedMemory, sharedModule } from "./_helpers.ts";

/** Lane interpretation of a vector in memory. */
export type Shape = "i8" | "u8" | "i16" | "u16" | "i32" | "u32" | "f32" | "f64";

/** A typed-array view, as far as these tests use one. */
type LaneView = ArrayLike<number> & Iterable<number> & { set(values: ArrayLike<number>): void };

const VIEWS: Readonly<Record<Shape, (b: ArrayBufferLike, at: number, n: number) => LaneView>> = {
  i8: (b, at, n) => new Int8Array(b, at, n),
  u8: (b, at, n) => new Uint8Array(b, at, n),
  i16: (b, at, n) => new Int16Array(b, at, n),
  u16: (b, at, n) => new Uint16Array(b, at, n),
  i32: (b, at, n) => new Int32Array(b, at, n),
  u32: (b, at, n) => new Uint32Array(b, at, n),
  f32: (b, at, n) => new Float32Array(b, at, n),
  f64: (b, at, n) => new Float64Array(b, at, n),
};

/** Number of lanes of `shape` in a v128. */
export function laneCount(shape: Shape): number {
  return 128 / Number(shape.slice(1));
}

/** View of the 16 bytes at `offset` as lanes of `shape`. */
export function view(buffer: ArrayBufferLike, shape: Shape, offset: number): LaneView {
  return VIEWS[shape](buffer, offset, laneCount(shape));
}

/** Lanes of `shape` in the 16 bytes at `offset`. */
export function lanes(buffer: ArrayBufferLike, shape: Shape, offset: number): number[] {
  return [...view(buffer, shape, offset)];
}

/** `values` as memory would hold them in `shape` lanes (rounded, wrapped). */
export function stored(shape: Shape, values: readonly number[]): number[] {
  const v = VIEWS[shape](new ArrayBuffer(64), 0, values.length);
  v.set(values);
  return [...v];
}

/** One execution: vector operands, optional i32 operand, expected result. */
export interface SimdCase {
  readonly args: readonly (readonly number[])[];
  readonly scalar?: number;
  readonly expect: readonly number[] | number;
}

/** One instruction under test; `output: "return"` means an i32 result, not a vector. */
export interface SimdRow {
  readonly name: string;
  readonly emit: (f: CodeBuilder) => void;
  readonly input: Shape;
  readonly output: Shape | "return";
  readonly cases: readonly SimdCase[];
}

/** `emit` for a plain opcode method. */
export function op(name: NullaryOp): (f: CodeBuilder) => void {
  return (f) => f[name]();
}

/**
 * Builds a row whose expected lanes come from a lane-wise reference
 * function. `round` post-processes each lane (e.g. `Math.fround`).
 */
export function lanewise(
  name: NullaryOp,
  shape: Shape,
  output: Shape,
  inputs: readonly (readonly (readonly number[])[])[],
  ref: (...lanes: number[]) => number,
  round: (v: number) => number = (v) => v,
): SimdRow {
  const cases = inputs.map((args) => {
    const held = args.map((a) => stored(shape, a));
    const expect = held[0].map((_, i) => round(ref(...held.map((a) => a[i]))));
    return { args, expect: stored(output, expect) };
  });
  return { name, emit: op(name), input: shape, output, cases };
}

/** Instantiates all rows in one shared-memory module and checks every case. */
export function runSimdTable(rows: readonly SimdRow[]): void {
  const mb = sharedModule();
  for (const row of rows) {
    const { args, scalar } = row.cases[0];
    const vectorResult = row.output !== "return";
    const f = mb.addFunction(row.name, {
      params: ["i32", "i32"],
      results: vectorResult ? [] : ["i32"],
      export: true,
    });
    if (vectorResult) f.localGet(0);
    args.forEach((_, k) => f.localGet(0).v128Load({ offset: 16 * k }));
    if (scalar !== undefined) f.localGet(1);
    row.emit(f);
    if (vectorResult) f.v128Store({ offset: 48 });
  }
  const memory = sharedMemory();
  const exports = instantiate(mb, memory);
  rows.forEach((row, r) => {
    const base = 64 * r;
    for (const c of row.cases) {
      c.args.forEach((a, k) => view(memory.buffer, row.input, base + 16 * k).set(a));
      const returned = exports[row.name](base, c.scalar ?? 0);
      const actual = row.output === "return"
        ? returned
        : lanes(memory.buffer, row.output, base + 48);
      const what = `${row.name}(${c.args.map((a) => `[${a}]`).join(", ")}${
        c.scalar === undefined ? "" : `, ${c.scalar}`
      })`;
      assertSame(actual, c.expect, what);
    }
  });
}

/** Deep equality with `Object.is` per element, so -0 and NaN are exact. */
export function assertSame(actual: unknown, expected: unknown, what: string): void {
  const a = Array.isArray(actual) ? actual : [actual];
  const e = Array.isArray(expected) ? expected : [expected];
  const same = a.length === e.length && a.every((v, i) => Object.is(v, e[i]));
  assert.ok(same, `${what}: expected [${e}], got [${a}]`);
}
