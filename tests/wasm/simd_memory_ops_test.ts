import assert from "node:assert/strict";
import { SimdMemoryOps } from "../../src/wasm/_simd_memory_ops.ts";
import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import type { MemArg } from "../../src/wasm/types.ts";
import { assertCovers, instantiate, sharedMemory, sharedModule } from "./_helpers.ts";

const SRC = 1024;
/** Source bytes: a mix of high-bit (negative as signed) and low bytes. */
const BYTES = Array.from({ length: 48 }, (_, i) => (i * 29 + 0x71) & 0xff);

type Load =
  | "v128Load"
  | "v128Load8x8S"
  | "v128Load8x8U"
  | "v128Load16x4S"
  | "v128Load16x4U"
  | "v128Load32x2S"
  | "v128Load32x2U"
  | "v128Load8Splat"
  | "v128Load16Splat"
  | "v128Load32Splat"
  | "v128Load64Splat"
  | "v128Load32Zero"
  | "v128Load64Zero";

/** Expected 16 result bytes for a load from `src` (a DataView at the effective address). */
const LOADS: Record<Load, (src: DataView, out: DataView) => void> = {
  v128Load: (s, o) => each(16, (i) => o.setUint8(i, s.getUint8(i))),
  v128Load8x8S: (s, o) => each(8, (i) => o.setInt16(2 * i, s.getInt8(i), true)),
  v128Load8x8U: (s, o) => each(8, (i) => o.setInt16(2 * i, s.getUint8(i), true)),
  v128Load16x4S: (s, o) => each(4, (i) => o.setInt32(4 * i, s.getInt16(2 * i, true), true)),
  v128Load16x4U: (s, o) => each(4, (i) => o.setInt32(4 * i, s.getUint16(2 * i, true), true)),
  v128Load32x2S: (s, o) =>
    each(2, (i) => o.setBigInt64(8 * i, BigInt(s.getInt32(4 * i, true)), true)),
  v128Load32x2U: (s, o) =>
    each(2, (i) => o.setBigInt64(8 * i, BigInt(s.getUint32(4 * i, true)), true)),
  v128Load8Splat: (s, o) => each(16, (i) => o.setUint8(i, s.getUint8(0))),
  v128Load16Splat: (s, o) => each(8, (i) => o.setUint16(2 * i, s.getUint16(0, true), true)),
  v128Load32Splat: (s, o) => each(4, (i) => o.setUint32(4 * i, s.getUint32(0, true), true)),
  v128Load64Splat: (s, o) => each(2, (i) => o.setBigUint64(8 * i, s.getBigUint64(0, true), true)),
  v128Load32Zero: (s, o) => o.setUint32(0, s.getUint32(0, true), true),
  v128Load64Zero: (s, o) => o.setBigUint64(0, s.getBigUint64(0, true), true),
};
const MEMARGS: MemArg[] = [{}, { offset: 5, align: 1 }];

function each(n: number, fn: (i: number) => void): void {
  for (let i = 0; i < n; i++) fn(i);
}

/** Builds `(src, dst)` functions, runs them, and returns the 16 bytes at each dst. */
function run(bodies: Record<string, (f: CodeBuilder) => void>): Record<string, number[]> {
  const mb = sharedModule();
  for (const [name, body] of Object.entries(bodies)) {
    body(
      mb.addFunction(name, { params: ["i32", "i32"], paramNames: ["src", "dst"], export: true }),
    );
  }
  const memory = sharedMemory();
  new Uint8Array(memory.buffer).set(BYTES, SRC);
  const ex = instantiate(mb, memory);
  const out: Record<string, number[]> = {};
  Object.keys(bodies).forEach((name, i) => {
    ex[name](SRC, 2048 + 32 * i);
    out[name] = [...new Uint8Array(memory.buffer, 2048 + 32 * i, 16)];
  });
  return out;
}

Deno.test("SIMD loads (full, extending, splat, zero) read the right bytes", () => {
  const bodies: Record<string, (f: CodeBuilder) => void> = {};
  for (const load of Object.keys(LOADS) as Load[]) {
    MEMARGS.forEach((m, k) => {
      bodies[`${load}_${k}`] = (f) => f.localGet(1).localGet(0)[load](m).v128Store();
    });
  }
  const actual = run(bodies);
  for (const load of Object.keys(LOADS) as Load[]) {
    MEMARGS.forEach((m, k) => {
      const expected = new DataView(new ArrayBuffer(16));
      LOADS[load](new DataView(Uint8Array.from(BYTES).buffer, m.offset ?? 0), expected);
      assert.deepEqual(actual[`${load}_${k}`], [...new Uint8Array(expected.buffer)], load);
    });
  }
});

const LANE_OPS = [
  ["v128Load8Lane", "v128Store8Lane", 1],
  ["v128Load16Lane", "v128Store16Lane", 2],
  ["v128Load32Lane", "v128Store32Lane", 4],
  ["v128Load64Lane", "v128Store64Lane", 8],
] as const;

Deno.test("SIMD lane loads and stores touch exactly one lane", () => {
  const fill = Array(16).fill(0xee);
  const bodies: Record<string, (f: CodeBuilder) => void> = {};
  for (const [load, store, size] of LANE_OPS) {
    const lane = 16 / size - 1; // last lane
    bodies[load] = (f) =>
      f.localGet(1).localGet(0).v128Const(fill)[load](lane, { offset: 2 }).v128Store();
    bodies[store] = (f) => f.localGet(1).localGet(0).v128Load()[store](lane);
  }
  const actual = run(bodies);
  for (const [load, store, size] of LANE_OPS) {
    const at = 16 - size;
    assert.deepEqual(actual[load], [...fill.slice(0, at), ...BYTES.slice(2, 2 + size)], load);
    assert.deepEqual(actual[store], [...BYTES.slice(at, 16), ...Array(16 - size).fill(0)], store);
  }
});

Deno.test("lane and alignment errors name the method", () => {
  const f = sharedModule().addFunction("f");
  assert.throws(
    () => f.v128Load32Lane(4),
    /^RangeError: CodeBuilder\.v128Load32Lane\(\): lane 4 is out of range 0\.\.3$/,
  );
  assert.throws(() => f.v128Store8Lane(-1), /CodeBuilder\.v128Store8Lane\(\): lane -1/);
  assert.throws(
    () => f.v128Load({ align: 32 }),
    /CodeBuilder\.v128Load\(\): alignment 32 is not a power of two at most 16/,
  );
});

Deno.test("every SIMD memory opcode is covered", () => {
  const lanes = LANE_OPS.flatMap(([load, store]) => [load, store]);
  assertCovers(SimdMemoryOps.prototype, [...Object.keys(LOADS), ...lanes, "v128Store"]);
});
