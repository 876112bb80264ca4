import assert from "node:assert/strict";
import { I32Ops } from "../../src/wasm/_i32_ops.ts";
import { assertCovers, instantiate, type OpCase, runOpTable, sharedModule } from "./_helpers.ts";

const MIN = -(2 ** 31);
const MAX = 2 ** 31 - 1;
const un = (op: OpCase["op"], cases: OpCase["cases"]): OpCase => ({
  op,
  params: ["i32"],
  result: "i32",
  cases,
});
const bin = (op: OpCase["op"], cases: OpCase["cases"]): OpCase => ({
  op,
  params: ["i32", "i32"],
  result: "i32",
  cases,
});

const TABLE: OpCase[] = [
  un("i32Eqz", [[[0], 1], [[5], 0]]),
  bin("i32Eq", [[[3, 3], 1], [[3, 4], 0]]),
  bin("i32Ne", [[[3, 3], 0], [[3, 4], 1], [[4, 3], 1]]),
  bin("i32LtS", [[[-1, 1], 1], [[1, -1], 0]]),
  bin("i32LtU", [[[-1, 1], 0], [[1, -1], 1], [[1, 2], 1], [[2, 2], 0]]),
  bin("i32GtS", [[[-1, 1], 0], [[1, -1], 1]]),
  bin("i32GtU", [[[-1, 1], 1], [[1, -1], 0], [[2, 1], 1], [[2, 2], 0]]),
  bin("i32LeS", [[[2, 2], 1], [[3, 2], 0], [[-1, 1], 1]]),
  bin("i32LeU", [[[-1, 1], 0], [[2, 2], 1], [[1, 2], 1], [[1, -1], 1]]),
  bin("i32GeS", [[[2, 2], 1], [[-1, 1], 0]]),
  bin("i32GeU", [[[-1, 1], 1], [[1, 2], 0]]),
  un("i32Clz", [[[1], 31], [[0], 32], [[-1], 0]]),
  un("i32Ctz", [[[8], 3], [[0], 32]]),
  un("i32Popcnt", [[[0xff], 8], [[-1], 32]]),
  bin("i32Add", [[[2, 3], 5], [[MAX, 1], MIN]]),
  bin("i32Sub", [[[2, 3], -1], [[MIN, 1], MAX]]),
  bin("i32Mul", [[[-3, 7], -21], [[0x10000, 0x10000], 0]]),
  bin("i32DivS", [[[-7, 2], -3], [[7, 0], "trap"], [[MIN, -1], "trap"]]),
  bin("i32DivU", [[[-1, 2], MAX], [[1, 0], "trap"]]),
  bin("i32RemS", [[[-7, 2], -1], [[7, -2], 1], [[MIN, -1], 0], [[1, 0], "trap"]]),
  bin("i32RemU", [[[-1, 10], 5], [[1, 0], "trap"]]),
  bin("i32And", [[[0b1100, 0b1010], 0b1000]]),
  bin("i32Or", [[[0b1100, 0b1010], 0b1110]]),
  bin("i32Xor", [[[0b1100, 0b1010], 0b0110]]),
  bin("i32Shl", [[[1, 33], 2], [[1, 31], MIN]]),
  bin("i32ShrS", [[[-8, 1], -4], [[-1, 31], -1]]),
  bin("i32ShrU", [[[-8, 1], 0x7fff_fffc], [[-1, 32], -1]]),
  bin("i32Rotl", [[[MIN + 1, 1], 3]]),
  bin("i32Rotr", [[[3, 1], MIN + 1]]),
];

Deno.test("i32 opcodes compute the spec results when executed", () => {
  runOpTable(TABLE);
  assertCovers(I32Ops.prototype, ["i32Const", ...TABLE.map((r) => r.op)]);
});

Deno.test("i32Const() accepts signed and unsigned 32-bit patterns", () => {
  const mb = sharedModule();
  const values = [0, -1, MIN, MAX, 0x8000_0000, 0xffff_ffff];
  values.forEach((v, i) => mb.addFunction(`c${i}`, { results: ["i32"], export: true }).i32Const(v));
  const ex = instantiate(mb);
  assert.deepEqual(values.map((_, i) => ex[`c${i}`]()), [0, -1, MIN, MAX, MIN, -1]);
});

Deno.test("i32Const() rejects values outside [-2^31, 2^32)", () => {
  const f = sharedModule().addFunction("f");
  assert.throws(
    () => f.i32Const(2 ** 32),
    /^RangeError: CodeBuilder\.i32Const\(\): 4294967296 is not a 32-bit integer$/,
  );
  assert.throws(() => f.i32Const(0.5), RangeError);
});
