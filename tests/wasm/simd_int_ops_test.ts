import { SimdIntOps } from "../../src/wasm/_simd_int_ops.ts";
import { assertCovers, type NullaryOp } from "./_helpers.ts";
import { lanewise, op, runSimdTable, type SimdRow } from "./_simd_harness.ts";

const MIN = -(2 ** 31);
const MAX = 2 ** 31 - 1;
const A = [[1, -1, MAX, MIN], [5, -7, 100, 0]];
const B = [[2, 1, -1, MIN], [5, 3, -100, 0]];
const C = [[-1, 0, 0x0f0f_0f0f, 0x00ff_ff00], [0, -1, 1, 2]];
const PAIRS = A.map((a, i) => [a, B[i]]);
const TRIPLES = A.map((a, i) => [a, B[i], C[i]]);
const SINGLES = [...A, ...B].map((a) => [a]);

const mask = (cond: boolean) => (cond ? -1 : 0);
const u = (v: number) => v >>> 0;
type Bin = (a: number, b: number) => number;

const BINARY: [NullaryOp, Bin][] = [
  ["i32x4Add", (a, b) => a + b],
  ["i32x4Sub", (a, b) => a - b],
  ["i32x4Mul", Math.imul],
  ["i32x4Eq", (a, b) => mask(a === b)],
  ["i32x4Ne", (a, b) => mask(a !== b)],
  ["i32x4LtS", (a, b) => mask(a < b)],
  ["i32x4LtU", (a, b) => mask(u(a) < u(b))],
  ["i32x4GtS", (a, b) => mask(a > b)],
  ["i32x4GtU", (a, b) => mask(u(a) > u(b))],
  ["i32x4LeS", (a, b) => mask(a <= b)],
  ["i32x4LeU", (a, b) => mask(u(a) <= u(b))],
  ["i32x4GeS", (a, b) => mask(a >= b)],
  ["i32x4GeU", (a, b) => mask(u(a) >= u(b))],
  ["i32x4MinS", Math.min],
  ["i32x4MinU", (a, b) => (u(a) < u(b) ? a : b)],
  ["i32x4MaxS", Math.max],
  ["i32x4MaxU", (a, b) => (u(a) > u(b) ? a : b)],
  ["v128And", (a, b) => a & b],
  ["v128Or", (a, b) => a | b],
  ["v128Xor", (a, b) => a ^ b],
  ["v128Andnot", (a, b) => a & ~b],
];
const UNARY: [NullaryOp, (a: number) => number][] = [
  ["i32x4Abs", (a) => Math.abs(a)], // |MIN| wraps back to MIN when stored
  ["i32x4Neg", (a) => -a],
  ["v128Not", (a) => ~a],
];
const SHIFTS: [NullaryOp, Bin][] = [
  ["i32x4Shl", (a, s) => a << s], // JS shifts also take s mod 32
  ["i32x4ShrS", (a, s) => a >> s],
  ["i32x4ShrU", (a, s) => a >>> s],
];

function returning(name: NullaryOp, cases: SimdRow["cases"]): SimdRow {
  return { name, emit: op(name), input: "i32", output: "return", cases };
}

const ROWS: SimdRow[] = [
  ...BINARY.map(([name, ref]) => lanewise(name, "i32", "i32", PAIRS, ref)),
  ...UNARY.map(([name, ref]) => lanewise(name, "i32", "i32", SINGLES, ref)),
  ...SHIFTS.flatMap(([name, ref]) =>
    [1, 31, 33].map((s): SimdRow => {
      const row = lanewise(name, "i32", "i32", SINGLES, (a) => ref(a, s));
      return { ...row, name: `${name}_${s}`, cases: row.cases.map((c) => ({ ...c, scalar: s })) };
    })
  ),
  lanewise("v128Bitselect", "i32", "i32", TRIPLES, (a, b, c) => (a & c) | (b & ~c)),
  returning("v128AnyTrue", [
    { args: [[0, 0, 0, 0]], expect: 0 },
    { args: [[0, 0, 0x100, 0]], expect: 1 },
  ]),
  returning("i32x4AllTrue", [
    { args: [[1, -1, 7, MIN]], expect: 1 },
    { args: [[1, -1, 0, MIN]], expect: 0 },
  ]),
  returning("i32x4Bitmask", [
    { args: [[-1, 1, MIN, 0]], expect: 0b0101 },
    { args: [[0, -5, -1, -1]], expect: 0b1110 },
  ]),
  {
    name: "i32x4DotI16x8S",
    emit: op("i32x4DotI16x8S"),
    input: "i16",
    output: "i32",
    cases: [{
      args: [[1, 2, 3, 4, -32768, -32768, 100, -1], [5, 6, 7, 8, -32768, -32768, 100, 1]],
      expect: [1 * 5 + 2 * 6, 3 * 7 + 4 * 8, MIN, 100 * 100 - 1], // 2 * 2^30 wraps
    }],
  },
];

Deno.test("v128 bitwise and i32x4 opcodes match a lane-wise reference", () => {
  runSimdTable(ROWS);
  assertCovers(SimdIntOps.prototype, ROWS.map((r) => r.name.replace(/_\d+$/, "")));
});
