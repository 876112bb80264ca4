import assert from "node:assert/strict";
import { SimdLaneOps } from "../../src/wasm/_simd_lane_ops.ts";
import type { CodeBuilder } from "../../src/wasm/code_builder.ts";
import type { ValType } from "../../src/wasm/types.ts";
import {
  assertCovers,
  instantiate,
  type NullaryOp,
  type NumberOp,
  type Scalar,
  sharedMemory,
  sharedModule,
} from "./_helpers.ts";
import { lanes, op, runSimdTable } from "./_simd_harness.ts";

const SRC = 512;
const DST = 1024;
/** Source vector bytes; byte 15 is 0x80 and 14 is 0xff to exercise sign extension. */
const SRC_BYTES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0x80, 0xff, 0x80];
const SRC_VIEW = new DataView(Uint8Array.from(SRC_BYTES).buffer);

interface LaneCase {
  readonly name: string;
  readonly params: readonly ValType[];
  readonly result?: ValType;
  readonly body: (f: CodeBuilder) => void;
  readonly arg?: Scalar;
  /** Expected return value, or expected bytes at DST. */
  readonly expect: Scalar | readonly number[];
}

/** Runs each case as `(src, dst, arg?)` against a memory holding SRC_BYTES at SRC. */
function run(cases: readonly LaneCase[]): void {
  const mb = sharedModule();
  for (const c of cases) {
    const results = c.result === undefined ? [] : [c.result];
    c.body(mb.addFunction(c.name, { params: ["i32", "i32", ...c.params], results, export: true }));
  }
  const memory = sharedMemory();
  new Uint8Array(memory.buffer).set(SRC_BYTES, SRC);
  const ex = instantiate(mb, memory);
  cases.forEach((c, i) => {
    const dst = DST + 16 * i;
    const args: Scalar[] = c.arg === undefined ? [SRC, dst] : [SRC, dst, c.arg];
    const returned = ex[c.name](...args);
    const actual = Array.isArray(c.expect) ? [...new Uint8Array(memory.buffer, dst, 16)] : returned;
    assert.deepEqual(actual, c.expect, c.name);
  });
}

/** Bytes of a 16-byte vector built by a DataView writer. */
function bytes(write: (v: DataView) => void): number[] {
  const view = new DataView(new ArrayBuffer(16));
  write(view);
  return [...new Uint8Array(view.buffer)];
}

const store = (emit: (f: CodeBuilder) => void) => (f: CodeBuilder) => {
  f.localGet(1);
  emit(f);
  f.v128Store();
};
const splat = (name: NullaryOp, type: ValType, arg: Scalar, expect: number[]): LaneCase => ({
  name,
  params: [type],
  arg,
  body: store((f) => f.localGet(2)[name]()),
  expect,
});
const extract = (name: NumberOp, type: ValType, lane: number, expect: Scalar): LaneCase => ({
  name,
  params: [],
  result: type,
  body: (f) => f.localGet(0).v128Load()[name](lane),
  expect,
});
const replace = (name: NumberOp, type: ValType, lane: number, arg: Scalar, at: number[]) => ({
  name,
  params: [type],
  arg,
  body: store((f) => f.localGet(0).v128Load().localGet(2)[name](lane)),
  expect: [...SRC_BYTES.slice(0, at[0]), ...at.slice(1), ...SRC_BYTES.slice(at[0] + at.length - 1)],
});

const CASES: LaneCase[] = [
  { name: "v128Const", params: [], body: store((f) => f.v128Const(SRC_BYTES)), expect: SRC_BYTES },
  {
    name: "v128ConstI32x4",
    params: [],
    body: store((f) => f.v128ConstI32x4([1, -1, 0xffff_ffff, -(2 ** 31)])),
    expect: bytes((v) => [1, -1, -1, -(2 ** 31)].forEach((x, i) => v.setInt32(4 * i, x, true))),
  },
  {
    name: "v128ConstF32x4",
    params: [],
    body: store((f) => f.v128ConstF32x4([1.5, -0, 0.1, Infinity])),
    expect: bytes((v) => [1.5, -0, 0.1, Infinity].forEach((x, i) => v.setFloat32(4 * i, x, true))),
  },
  {
    name: "v128ConstF64x2",
    params: [],
    body: store((f) => f.v128ConstF64x2([Math.PI, -0])),
    expect: bytes((v) => [Math.PI, -0].forEach((x, i) => v.setFloat64(8 * i, x, true))),
  },
  splat("i8x16Splat", "i32", 0x1fe, Array(16).fill(0xfe)),
  splat(
    "i16x8Splat",
    "i32",
    0x12345,
    bytes((v) => [...Array(8).keys()].forEach((i) => v.setUint16(2 * i, 0x2345, true))),
  ),
  splat(
    "i32x4Splat",
    "i32",
    -7,
    bytes((v) => [0, 1, 2, 3].forEach((i) => v.setInt32(4 * i, -7, true))),
  ),
  splat(
    "i64x2Splat",
    "i64",
    -2n,
    bytes((v) => [0, 1].forEach((i) => v.setBigInt64(8 * i, -2n, true))),
  ),
  splat(
    "f32x4Splat",
    "f32",
    1.5,
    bytes((v) => [0, 1, 2, 3].forEach((i) => v.setFloat32(4 * i, 1.5, true))),
  ),
  splat(
    "f64x2Splat",
    "f64",
    -0.25,
    bytes((v) => [0, 1].forEach((i) => v.setFloat64(8 * i, -0.25, true))),
  ),
  extract("i8x16ExtractLaneS", "i32", 15, -128),
  extract("i8x16ExtractLaneU", "i32", 15, 128),
  extract("i16x8ExtractLaneS", "i32", 7, -32513), // bytes ff 80 -> 0x80ff
  extract("i16x8ExtractLaneU", "i32", 7, 0x80ff),
  extract("i32x4ExtractLane", "i32", 1, 0x0807_0605),
  extract("i64x2ExtractLane", "i64", 1, SRC_VIEW.getBigInt64(8, true)),
  extract("f32x4ExtractLane", "f32", 2, SRC_VIEW.getFloat32(8, true)),
  extract("f64x2ExtractLane", "f64", 0, SRC_VIEW.getFloat64(0, true)),
  replace("i8x16ReplaceLane", "i32", 15, 0x1aa, [15, 0xaa]),
  replace("i16x8ReplaceLane", "i32", 1, 0x1bbcc, [2, 0xcc, 0xbb]),
  replace("i32x4ReplaceLane", "i32", 3, -1, [12, 0xff, 0xff, 0xff, 0xff]),
  replace("i64x2ReplaceLane", "i64", 0, 1n, [0, 1, 0, 0, 0, 0, 0, 0, 0]),
  replace("f32x4ReplaceLane", "f32", 0, -2, [0, 0, 0, 0, 0xc0]),
  replace("f64x2ReplaceLane", "f64", 1, 1, [8, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f]),
];

Deno.test("v128.const, splats, extract_lane and replace_lane move the right lanes", () => {
  run(CASES);
});

Deno.test("i8x16.shuffle picks bytes from both operands and swizzle zeroes out-of-range", () => {
  const a = [...Array(16).keys()];
  const b = a.map((i) => 100 + i);
  const pick = [31, 0, 17, 2, 16, 15, 30, 1, 8, 24, 9, 25, 10, 26, 11, 27];
  const sel = [15, 0, 16, 255, 3, 3, 14, 1, 128, 2, 5, 7, 9, 11, 13, 6];
  runSimdTable([
    {
      name: "i8x16Shuffle",
      emit: (f) => f.i8x16Shuffle(pick),
      input: "u8",
      output: "u8",
      cases: [{ args: [a, b], expect: pick.map((i) => [...a, ...b][i]) }],
    },
    {
      name: "i8x16Swizzle",
      emit: op("i8x16Swizzle"),
      input: "u8",
      output: "u8",
      cases: [{ args: [b, sel], expect: sel.map((i) => (i < 16 ? b[i] : 0)) }],
    },
  ]);
});

Deno.test("lane immediates and constants are validated", () => {
  const f = sharedModule().addFunction("f");
  assert.throws(
    () => f.f32x4ExtractLane(4),
    /^RangeError: CodeBuilder\.f32x4ExtractLane\(\): lane 4 is out of range 0\.\.3$/,
  );
  assert.throws(() => f.i8x16ReplaceLane(16), /CodeBuilder\.i8x16ReplaceLane\(\): lane 16/);
  assert.throws(() => f.v128Const([1, 2, 3]), /CodeBuilder\.v128Const\(\): expected 16 bytes/);
  assert.throws(() => f.v128ConstI32x4([1, 2, 3, 2 ** 32]), /CodeBuilder\.v128ConstI32x4\(\)/);
  assert.throws(() => f.v128ConstF64x2([1]), /CodeBuilder\.v128ConstF64x2\(\): expected 2 numbers/);
  assert.throws(
    () => f.i8x16Shuffle(Array(16).fill(32)),
    /CodeBuilder\.i8x16Shuffle\(\): expected 16 lane indices in 0\.\.31/,
  );
});

Deno.test("every SIMD lane opcode is covered", () => {
  assertCovers(SimdLaneOps.prototype, [
    ...CASES.map((c) => c.name),
    "i8x16Shuffle",
    "i8x16Swizzle",
  ]);
  assert.equal(lanes(new ArrayBuffer(16), "f64", 0).length, 2);
});
