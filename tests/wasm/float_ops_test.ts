import assert from "node:assert/strict";
import { FloatOps, floatText } from "../../src/wasm/_float_ops.ts";
import { assertCovers, instantiate, type OpCase, runOpTable, sharedModule } from "./_helpers.ts";

type T = "f32" | "f64";
const cmp = (t: T, op: string, cases: OpCase["cases"]): OpCase => ({
  op: `${t}${op}` as OpCase["op"],
  params: [t, t],
  result: "i32",
  cases,
});
const un = (t: T, op: string, cases: OpCase["cases"]): OpCase => ({
  op: `${t}${op}` as OpCase["op"],
  params: [t],
  result: t,
  cases,
});
const bin = (t: T, op: string, cases: OpCase["cases"]): OpCase => ({
  op: `${t}${op}` as OpCase["op"],
  params: [t, t],
  result: t,
  cases,
});

/** Same cases for both widths; `r` rounds an expected value to the width. */
function table(t: T): OpCase[] {
  const r = t === "f32" ? Math.fround : (v: number) => v;
  const [a, b] = [r(0.1), r(0.2)];
  return [
    cmp(t, "Eq", [[[1, 1], 1], [[NaN, NaN], 0], [[0, -0], 1]]),
    cmp(t, "Ne", [[[NaN, NaN], 1], [[1, 1], 0]]),
    cmp(t, "Lt", [[[1, 2], 1], [[NaN, 1], 0]]),
    cmp(t, "Gt", [[[2, 1], 1], [[1, NaN], 0]]),
    cmp(t, "Le", [[[2, 2], 1], [[3, 2], 0]]),
    cmp(t, "Ge", [[[1, 2], 0], [[2, 2], 1]]),
    un(t, "Abs", [[[-1.5], 1.5], [[-0], 0], [[2], 2]]),
    un(t, "Neg", [[[1.5], -1.5], [[0], -0]]),
    un(t, "Ceil", [[[1.25], 2], [[-0.5], -0]]),
    un(t, "Floor", [[[-1.25], -2]]),
    un(t, "Trunc", [[[-1.75], -1]]),
    un(t, "Nearest", [[[2.5], 2], [[3.5], 4], [[-0.5], -0]]),
    un(t, "Sqrt", [[[2], r(Math.sqrt(r(2)))], [[-1], NaN]]),
    bin(t, "Add", [[[0.1, 0.2], r(a + b)]]),
    bin(t, "Sub", [[[0.1, 0.2], r(a - b)]]),
    bin(t, "Mul", [[[0.1, 0.2], r(a * b)]]),
    bin(t, "Div", [[[0.1, 0.2], r(a / b)], [[1, 0], Infinity]]),
    bin(t, "Min", [[[1, 2], 1], [[1, NaN], NaN], [[0, -0], -0]]),
    bin(t, "Max", [[[1, 2], 2], [[NaN, 1], NaN], [[-0, 0], 0]]),
    bin(t, "Copysign", [[[2, -0], -2], [[-3, 1], 3]]),
  ];
}

Deno.test("f32 and f64 opcodes compute the spec results when executed", () => {
  const rows = [...table("f32"), ...table("f64")];
  runOpTable(rows);
  assertCovers(FloatOps.prototype, ["f32Const", "f64Const", ...rows.map((r) => r.op)]);
});

Deno.test("f32Const() rounds to f32 and f64Const() keeps doubles, incl. NaN and -0", () => {
  const mb = sharedModule();
  mb.addFunction("a", { results: ["f32"], export: true }).f32Const(0.1);
  mb.addFunction("b", { results: ["f64"], export: true }).f64Const(0.1);
  mb.addFunction("c", { results: ["f64"], export: true }).f64Const(-0);
  mb.addFunction("d", { results: ["f32"], export: true }).f32Const(NaN);
  mb.addFunction("e", { results: ["f64"], export: true }).f64Const(-Infinity);
  const ex = instantiate(mb);
  assert.equal(ex.a(), Math.fround(0.1));
  assert.equal(ex.b(), 0.1);
  assert.ok(Object.is(ex.c(), -0));
  assert.ok(Number.isNaN(ex.d()));
  assert.equal(ex.e(), -Infinity);
});

Deno.test("floatText() formats special values for the listing", () => {
  assert.deepEqual([NaN, Infinity, -Infinity, -0, 1.5].map(floatText), [
    "nan",
    "inf",
    "-inf",
    "-0",
    "1.5",
  ]);
});
