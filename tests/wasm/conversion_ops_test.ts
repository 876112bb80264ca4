import { ConversionOps } from "../../src/wasm/_conversion_ops.ts";
import type { ValType } from "../../src/wasm/types.ts";
import { assertCovers, type OpCase, runOpTable } from "./_helpers.ts";

const cv = (op: OpCase["op"], from: ValType, to: ValType, cases: OpCase["cases"]): OpCase => ({
  op,
  params: [from],
  result: to,
  cases,
});
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

const TABLE: OpCase[] = [
  cv("i32WrapI64", "i64", "i32", [[[(1n << 32n) + 5n], 5], [[-1n], -1]]),
  cv("i32TruncF32S", "f32", "i32", [[[-1.9], -1], [[NaN], "trap"], [[3e9], "trap"]]),
  cv("i32TruncF32U", "f32", "i32", [[[3e9], 3e9 | 0], [[-0.5], 0], [[-1], "trap"]]),
  cv("i32TruncF64S", "f64", "i32", [[[-2147483648.9], -2147483648], [[2 ** 31], "trap"]]),
  cv("i32TruncF64U", "f64", "i32", [[[4294967295.5], -1], [[2 ** 32], "trap"]]),
  cv("i64ExtendI32S", "i32", "i64", [[[-1], -1n]]),
  cv("i64ExtendI32U", "i32", "i64", [[[-1], 0xffff_ffffn]]),
  cv("i64TruncF32S", "f32", "i64", [[[-1.5], -1n], [[NaN], "trap"]]),
  cv("i64TruncF32U", "f32", "i64", [[[2 ** 40], 1n << 40n], [[-1], "trap"]]),
  cv("i64TruncF64S", "f64", "i64", [[[-(2 ** 53)], -(1n << 53n)], [[2 ** 63], "trap"]]),
  cv("i64TruncF64U", "f64", "i64", [[[2 ** 63], I64_MIN], [[-1], "trap"]]),
  cv("f32ConvertI32S", "i32", "f32", [[[16777217], 16777216], [[-3], -3]]),
  cv("f32ConvertI32U", "i32", "f32", [[[-1], 2 ** 32]]),
  cv("f32ConvertI64S", "i64", "f32", [[[-(1n << 40n)], -(2 ** 40)]]),
  cv("f32ConvertI64U", "i64", "f32", [[[-1n], 2 ** 64]]),
  cv("f32DemoteF64", "f64", "f32", [[[0.1], Math.fround(0.1)], [[1e40], Infinity]]),
  cv("f64ConvertI32S", "i32", "f64", [[[-5], -5]]),
  cv("f64ConvertI32U", "i32", "f64", [[[-1], 2 ** 32 - 1]]),
  cv("f64ConvertI64S", "i64", "f64", [[[-(1n << 53n) - 1n], -(2 ** 53)]]),
  cv("f64ConvertI64U", "i64", "f64", [[[-1n], 2 ** 64]]),
  cv("f64PromoteF32", "f32", "f64", [[[0.1], Math.fround(0.1)]]),
  cv("i32ReinterpretF32", "f32", "i32", [[[1], 0x3f80_0000], [[-0], -(2 ** 31)]]),
  cv("i64ReinterpretF64", "f64", "i64", [[[1], 0x3ff0_0000_0000_0000n]]),
  cv("f32ReinterpretI32", "i32", "f32", [[[0x4049_0fdb], Math.fround(Math.PI)]]),
  cv("f64ReinterpretI64", "i64", "f64", [[[0x3ff0_0000_0000_0000n], 1]]),
  cv("i32Extend8S", "i32", "i32", [[[0x80], -128], [[0x17f], 127]]),
  cv("i32Extend16S", "i32", "i32", [[[0x8000], -32768]]),
  cv("i64Extend8S", "i64", "i64", [[[0x80n], -128n]]),
  cv("i64Extend16S", "i64", "i64", [[[0x8000n], -32768n]]),
  cv("i64Extend32S", "i64", "i64", [[[0x8000_0000n], -(1n << 31n)]]),
  cv("i32TruncSatF32S", "f32", "i32", [[[NaN], 0], [[1e10], 2 ** 31 - 1], [[-1e10], -(2 ** 31)]]),
  cv("i32TruncSatF32U", "f32", "i32", [[[-5], 0], [[1e10], -1], [[3.7], 3]]),
  cv("i32TruncSatF64S", "f64", "i32", [[[1e10], 2 ** 31 - 1], [[-1.5], -1]]),
  cv("i32TruncSatF64U", "f64", "i32", [[[-1], 0], [[2 ** 32], -1]]),
  cv("i64TruncSatF32S", "f32", "i64", [[[NaN], 0n], [[1e30], I64_MAX], [[-1e30], I64_MIN]]),
  cv("i64TruncSatF32U", "f32", "i64", [[[-1], 0n], [[1e30], -1n]]),
  cv("i64TruncSatF64S", "f64", "i64", [[[1e300], I64_MAX], [[-2.5], -2n]]),
  cv("i64TruncSatF64U", "f64", "i64", [[[1e300], -1n], [[2 ** 63], I64_MIN]]),
];

Deno.test("conversion opcodes compute the spec results when executed", () => {
  runOpTable(TABLE);
  assertCovers(ConversionOps.prototype, TABLE.map((r) => r.op));
});
