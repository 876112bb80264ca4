import { SimdConversionOps } from "../../src/wasm/_simd_conversion_ops.ts";
import { assertCovers, type NullaryOp } from "./_helpers.ts";
import { op, runSimdTable, type Shape, type SimdRow } from "./_simd_harness.ts";

const MIN = -(2 ** 31);
const MAX = 2 ** 31 - 1;
const U32_MAX = 2 ** 32 - 1;

function row(
  name: NullaryOp,
  input: Shape,
  output: Shape,
  cases: [number[], number[]][],
): SimdRow {
  return {
    name,
    emit: op(name),
    input,
    output,
    cases: cases.map(([arg, expect]) => ({ args: [arg], expect })),
  };
}

const I16 = [1, -1, 32767, -32768, 7, -7, 0, 300];
const F32 = [NaN, 1e10, -1e10, -1.9];
const F32_U = [-5, 1e10, 3.7, -0.5];

const ROWS: SimdRow[] = [
  row("i32x4ExtendLowI16x8S", "i16", "i32", [[I16, [1, -1, 32767, -32768]]]),
  row("i32x4ExtendHighI16x8S", "i16", "i32", [[I16, [7, -7, 0, 300]]]),
  row("i32x4ExtendLowI16x8U", "i16", "i32", [[I16, [1, 65535, 32767, 32768]]]),
  row("i32x4ExtendHighI16x8U", "i16", "i32", [[I16, [7, 65529, 0, 300]]]),
  row("i32x4TruncSatF32x4S", "f32", "i32", [[F32, [0, MAX, MIN, -1]]]),
  row("i32x4TruncSatF32x4U", "f32", "u32", [[F32_U, [0, U32_MAX, 3, 0]]]),
  row("i32x4TruncSatF64x2SZero", "f64", "i32", [[[-1e10, 2.9], [MIN, 2, 0, 0]], [
    [NaN, 1e300],
    [0, MAX, 0, 0],
  ]]),
  row("i32x4TruncSatF64x2UZero", "f64", "u32", [[[-1, 5e9], [0, U32_MAX, 0, 0]], [
    [4294967295.5, 0.5],
    [U32_MAX, 0, 0, 0],
  ]]),
  row("f32x4ConvertI32x4S", "i32", "f32", [[[16777217, -3, MIN, 0], [16777216, -3, MIN, 0]]]),
  row("f32x4ConvertI32x4U", "i32", "f32", [[[-1, 3, MIN, 0], [2 ** 32, 3, 2 ** 31, 0]]]),
  row("f32x4DemoteF64x2Zero", "f64", "f32", [[[0.1, 1e40], [Math.fround(0.1), Infinity, 0, 0]]]),
  row("f64x2PromoteLowF32x4", "f32", "f64", [[[0.1, -0, 7, 8], [Math.fround(0.1), -0]]]),
  row("f64x2ConvertLowI32x4S", "i32", "f64", [[[-1, MIN, 9, 9], [-1, MIN]]]),
  row("f64x2ConvertLowI32x4U", "i32", "f64", [[[-1, MIN, 9, 9], [U32_MAX, 2 ** 31]]]),
];

Deno.test("SIMD conversion opcodes produce the spec lanes", () => {
  runSimdTable(ROWS);
  assertCovers(SimdConversionOps.prototype, ROWS.map((r) => r.name));
});
