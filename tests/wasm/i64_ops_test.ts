import assert from "node:assert/strict";
import { I64Ops } from "../../src/wasm/_i64_ops.ts";
import { assertCovers, instantiate, type OpCase, runOpTable, sharedModule } from "./_helpers.ts";

const MIN = -(1n << 63n);
const MAX = (1n << 63n) - 1n;
const cmp = (op: OpCase["op"], cases: OpCase["cases"]): OpCase => ({
  op,
  params: ["i64", "i64"],
  result: "i32",
  cases,
});
const un = (op: OpCase["op"], cases: OpCase["cases"]): OpCase => ({
  op,
  params: ["i64"],
  result: "i64",
  cases,
});
const bin = (op: OpCase["op"], cases: OpCase["cases"]): OpCase => ({
  op,
  params: ["i64", "i64"],
  result: "i64",
  cases,
});

const TABLE: OpCase[] = [
  { op: "i64Eqz", params: ["i64"], result: "i32", cases: [[[0n], 1], [[5n], 0]] },
  cmp("i64Eq", [[[3n, 3n], 1], [[3n, 4n], 0]]),
  cmp("i64Ne", [[[3n, 3n], 0], [[3n, 4n], 1], [[4n, 3n], 1]]),
  cmp("i64LtS", [[[-1n, 1n], 1], [[1n, -1n], 0]]),
  cmp("i64LtU", [[[-1n, 1n], 0], [[1n, -1n], 1], [[1n, 2n], 1], [[2n, 2n], 0]]),
  cmp("i64GtS", [[[1n, -1n], 1], [[-1n, 1n], 0]]),
  cmp("i64GtU", [[[-1n, 1n], 1], [[1n, -1n], 0], [[2n, 1n], 1], [[2n, 2n], 0]]),
  cmp("i64LeS", [[[2n, 2n], 1], [[-1n, 1n], 1], [[3n, 2n], 0]]),
  cmp("i64LeU", [[[-1n, 1n], 0], [[2n, 2n], 1], [[1n, 2n], 1], [[1n, -1n], 1]]),
  cmp("i64GeS", [[[-1n, 1n], 0], [[2n, 2n], 1]]),
  cmp("i64GeU", [[[-1n, 1n], 1], [[1n, 2n], 0]]),
  un("i64Clz", [[[1n], 63n], [[0n], 64n]]),
  un("i64Ctz", [[[8n], 3n], [[0n], 64n]]),
  un("i64Popcnt", [[[-1n], 64n]]),
  bin("i64Add", [[[MAX, 1n], MIN], [[2n, 3n], 5n]]),
  bin("i64Sub", [[[MIN, 1n], MAX]]),
  bin("i64Mul", [[[1n << 32n, 1n << 32n], 0n], [[-3n, 7n], -21n]]),
  bin("i64DivS", [[[-7n, 2n], -3n], [[1n, 0n], "trap"], [[MIN, -1n], "trap"]]),
  bin("i64DivU", [[[-1n, 2n], MAX], [[1n, 0n], "trap"]]),
  bin("i64RemS", [[[-7n, 2n], -1n], [[MIN, -1n], 0n], [[1n, 0n], "trap"]]),
  bin("i64RemU", [[[-1n, 10n], 5n], [[1n, 0n], "trap"]]),
  bin("i64And", [[[0b1100n, 0b1010n], 0b1000n]]),
  bin("i64Or", [[[0b1100n, 0b1010n], 0b1110n]]),
  bin("i64Xor", [[[0b1100n, 0b1010n], 0b0110n]]),
  bin("i64Shl", [[[1n, 65n], 2n], [[1n, 63n], MIN]]),
  bin("i64ShrS", [[[-8n, 1n], -4n]]),
  bin("i64ShrU", [[[-8n, 1n], MAX - 3n]]),
  bin("i64Rotl", [[[MIN + 1n, 1n], 3n]]),
  bin("i64Rotr", [[[3n, 1n], MIN + 1n]]),
];

Deno.test("i64 opcodes compute the spec results when executed", () => {
  runOpTable(TABLE);
  assertCovers(I64Ops.prototype, ["i64Const", ...TABLE.map((r) => r.op)]);
});

Deno.test("i64Const() accepts bigint and safe-integer numbers", () => {
  const mb = sharedModule();
  mb.addFunction("a", { results: ["i64"], export: true }).i64Const(-42);
  mb.addFunction("b", { results: ["i64"], export: true }).i64Const(1n << 63n);
  const ex = instantiate(mb);
  assert.equal(ex.a(), -42n);
  assert.equal(ex.b(), MIN);
});

Deno.test("i64Const() rejects unsafe numbers and out-of-range bigints", () => {
  const f = sharedModule().addFunction("f");
  assert.throws(() => f.i64Const(2 ** 60), /CodeBuilder\.i64Const\(\): .* is not a safe integer/);
  assert.throws(() => f.i64Const(1n << 64n), RangeError);
  assert.throws(() => f.i64Const(MIN - 1n), RangeError);
});
