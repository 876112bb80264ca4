import assert from "node:assert/strict";
import {
  blockType,
  f32,
  f64,
  name,
  s32,
  s64,
  section,
  u32,
  u64,
  valType,
  vec,
} from "../../src/wasm/_encoding.ts";
import { instantiate, sharedModule } from "./_helpers.ts";

Deno.test("u32() encodes unsigned LEB128 edge cases", () => {
  const cases: [number, number[]][] = [
    [0, [0x00]],
    [63, [0x3f]],
    [64, [0x40]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [624485, [0xe5, 0x8e, 0x26]],
    [2 ** 31 - 1, [0xff, 0xff, 0xff, 0xff, 0x07]],
    [2 ** 31, [0x80, 0x80, 0x80, 0x80, 0x08]],
    [2 ** 32 - 1, [0xff, 0xff, 0xff, 0xff, 0x0f]],
  ];
  for (const [value, bytes] of cases) assert.deepEqual(u32(value), bytes, `u32(${value})`);
});

Deno.test("s32() encodes signed LEB128 edge cases", () => {
  const cases: [number, number[]][] = [
    [0, [0x00]],
    [63, [0x3f]],
    [64, [0xc0, 0x00]],
    [127, [0xff, 0x00]],
    [128, [0x80, 0x01]],
    [-1, [0x7f]],
    [-64, [0x40]],
    [-65, [0xbf, 0x7f]],
    [-128, [0x80, 0x7f]],
    [-123456, [0xc0, 0xbb, 0x78]],
    [2 ** 31 - 1, [0xff, 0xff, 0xff, 0xff, 0x07]],
    [-(2 ** 31), [0x80, 0x80, 0x80, 0x80, 0x78]],
  ];
  for (const [value, bytes] of cases) assert.deepEqual(s32(value), bytes, `s32(${value})`);
});

Deno.test("u64() and s64() encode 64-bit edge cases", () => {
  assert.deepEqual(u64(0n), [0x00]);
  assert.deepEqual(u64(128n), [0x80, 0x01]);
  assert.deepEqual(u64((1n << 64n) - 1n), [...Array(9).fill(0xff), 0x01]);
  assert.deepEqual(s64(-1n), [0x7f]);
  assert.deepEqual(s64(-65n), [0xbf, 0x7f]);
  assert.deepEqual(s64(64n), [0xc0, 0x00]);
  assert.deepEqual(s64((1n << 63n) - 1n), [...Array(8).fill(0xff), 0xff, 0x00]);
  assert.deepEqual(s64(-(1n << 63n)), [...Array(9).fill(0x80), 0x7f]);
});

Deno.test("LEB128 encoders reject out-of-range values", () => {
  assert.throws(() => u32(-1), RangeError);
  assert.throws(() => u32(2 ** 32), RangeError);
  assert.throws(() => u32(1.5), RangeError);
  assert.throws(() => s32(2 ** 31), /s32\(\): 2147483648 is not a signed 32-bit integer/);
  assert.throws(() => s32(-(2 ** 31) - 1), RangeError);
  assert.throws(() => u64(-1n), RangeError);
  assert.throws(() => u64(1n << 64n), RangeError);
  assert.throws(() => s64(1n << 63n), RangeError);
});

Deno.test("floats are little-endian IEEE 754", () => {
  assert.deepEqual(f32(1), [0x00, 0x00, 0x80, 0x3f]);
  assert.deepEqual(f32(-0), [0x00, 0x00, 0x00, 0x80]);
  assert.deepEqual(f64(1), [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
  assert.deepEqual(f64(-2), [0, 0, 0, 0, 0, 0, 0x00, 0xc0]);
});

Deno.test("names, vectors, sections and type codes", () => {
  assert.deepEqual(name("env"), [3, 0x65, 0x6e, 0x76]);
  assert.deepEqual(name("é"), [2, 0xc3, 0xa9]);
  assert.deepEqual(vec([[1], [2, 3]]), [2, 1, 2, 3]);
  assert.deepEqual(section(7, Array(200).fill(0)).slice(0, 3), [7, 0xc8, 0x01]);
  assert.deepEqual((["i32", "i64", "f32", "f64", "v128"] as const).map((t) => valType(t, "x")), [
    0x7f,
    0x7e,
    0x7d,
    0x7c,
    0x7b,
  ]);
  assert.equal(blockType("void", "x"), 0x40);
  assert.throws(
    // JS callers can pass anything; the cast simulates that
    () => valType("f16" as "f32", "CodeBuilder.local()"),
    /CodeBuilder\.local\(\): unknown value type "f16"/,
  );
});

Deno.test("i32.const and i64.const round-trip LEB128 edge values through the engine", () => {
  const i32s = [0, 63, 64, 127, 128, -1, -64, -65, 2 ** 31 - 1, -(2 ** 31)];
  const i64s = [0n, 63n, 64n, -1n, -64n, -65n, (1n << 63n) - 1n, -(1n << 63n), 1n << 40n];
  const mb = sharedModule();
  i32s.forEach((v, i) => mb.addFunction(`i${i}`, { results: ["i32"], export: true }).i32Const(v));
  i64s.forEach((v, i) => mb.addFunction(`l${i}`, { results: ["i64"], export: true }).i64Const(v));
  mb.addFunction("u32max", { results: ["i32"], export: true }).i32Const(0xffff_ffff);
  mb.addFunction("u64max", { results: ["i64"], export: true }).i64Const((1n << 64n) - 1n);
  const ex = instantiate(mb);
  i32s.forEach((v, i) => assert.equal(ex[`i${i}`](), v));
  i64s.forEach((v, i) => assert.equal(ex[`l${i}`](), v));
  assert.equal(ex.u32max(), -1);
  assert.equal(ex.u64max(), -1n);
});
