import { SimdFloatOps } from "../../src/wasm/_simd_float_ops.ts";
import { assertCovers, type NullaryOp } from "./_helpers.ts";
import { lanewise, op, runSimdTable, type SimdRow, stored } from "./_simd_harness.ts";
import { relaxedFmaFused, relaxedMadd } from "../../src/wasm/relaxed_fma.ts";
import { fmaF32 } from "../../kernels/_fma.ts";

const A = [1.5, -0, NaN, 1, 0.1, 1e30, 3, -Infinity, 2, -2, 0, 7];
const B = [2, 0, 1, NaN, 0.2, 1e30, -Infinity, -Infinity, 2, 3, -0, NaN];
const U = [-1.5, 2.5, -0.5, 4, 2, -1, 0.1, -Infinity, NaN, 3.5, -0, 1e30];

/** Splits 12 lanes into vectors of `n` lanes. */
function chunks(values: readonly number[], n: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < values.length; i += n) out.push(values.slice(i, i + n));
  return out;
}

/** Round half to even, keeping the sign of zero (wasm `nearest`). */
function nearest(x: number): number {
  if (!Number.isFinite(x)) return x;
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x);
}

const mask = (cond: boolean) => (cond ? -1 : 0);
type Bin = (a: number, b: number) => number;
type Un = (a: number) => number;

const BINARY: [string, Bin][] = [
  ["Add", (a, b) => a + b],
  ["Sub", (a, b) => a - b],
  ["Mul", (a, b) => a * b],
  ["Div", (a, b) => a / b],
  ["Min", Math.min], // same NaN and ±0 rules as wasm min
  ["Max", Math.max],
  ["Pmin", (a, b) => (b < a ? b : a)],
  ["Pmax", (a, b) => (a < b ? b : a)],
];
const COMPARE: [string, Bin][] = [
  ["Eq", (a, b) => mask(a === b)],
  ["Ne", (a, b) => mask(a !== b)],
  ["Lt", (a, b) => mask(a < b)],
  ["Gt", (a, b) => mask(a > b)],
  ["Le", (a, b) => mask(a <= b)],
  ["Ge", (a, b) => mask(a >= b)],
];
const UNARY: [string, Un][] = [
  ["Abs", Math.abs],
  ["Neg", (a) => -a],
  ["Sqrt", Math.sqrt],
  ["Ceil", Math.ceil],
  ["Floor", Math.floor],
  ["Trunc", Math.trunc],
  ["Nearest", nearest],
];

function rows(shape: "f32" | "f64"): SimdRow[] {
  const n = shape === "f32" ? 4 : 2;
  const prefix = shape === "f32" ? "f32x4" : "f64x2";
  const pairs = chunks(A, n).map((a, i) => [a, chunks(B, n)[i]]);
  const singles = chunks(U, n).map((u) => [u]);
  const name = (s: string) => `${prefix}${s}` as NullaryOp;
  return [
    ...BINARY.map(([s, ref]) => lanewise(name(s), shape, shape, pairs, ref)),
    ...COMPARE.map(([s, ref]) => compareRow(name(s), shape, pairs, ref)),
    ...UNARY.map(([s, ref]) => lanewise(name(s), shape, shape, singles, ref)),
  ];
}

/** Comparison masks, read back as i32 lanes (an f64x2 mask lane is two i32 lanes). */
function compareRow(
  name: NullaryOp,
  shape: "f32" | "f64",
  pairs: number[][][],
  ref: Bin,
): SimdRow {
  const cases = pairs.map(([a, b]) => {
    const [x, y] = [stored(shape, a), stored(shape, b)];
    const masks = x.map((v, i) => ref(v, y[i]));
    return { args: [a, b], expect: shape === "f32" ? masks : masks.flatMap((m) => [m, m]) };
  });
  return { name, emit: op(name), input: shape, output: "i32", cases };
}

/** `relaxed_madd` where relaxed SIMD validates: rounded once where fused, else twice. */
function maddRows(): SimdRow[] {
  if (relaxedMadd() === undefined) return [];
  const fr = Math.fround, twice = (a: number, b: number, c: number) => fr(fr(a * b) + c);
  const triples = chunks(A, 4).map((a, i) => [a, chunks(B, 4)[i], chunks(U, 4)[i]]);
  const hard = [[1 + 2 ** -12, 3, 1, -(2 ** -75)], [1 + 2 ** -12, 3, 1, 2 ** -75], [
    -(1 + 2 ** -11),
    1e30,
    -0,
    0,
  ]];
  return [
    lanewise(
      "f32x4RelaxedMadd",
      "f32",
      "f32",
      [...triples, hard],
      relaxedFmaFused() ? fmaF32 : twice,
    ),
  ];
}

Deno.test("f32x4 and f64x2 opcodes match a lane-wise reference (incl. NaN, ±0, ±inf)", () => {
  const all = [...rows("f32"), ...rows("f64"), ...maddRows()];
  runSimdTable(all);
  const unavailable = relaxedMadd() === undefined ? ["f32x4RelaxedMadd"] : [];
  assertCovers(SimdFloatOps.prototype, all.map((r) => r.name), unavailable);
});

Deno.test("min/max propagate NaN and order -0 < +0; pmin/pmax return the first operand", () => {
  const a = [1, -0, 0, 5];
  const b = [NaN, 0, -0, 5];
  const row = (name: NullaryOp, expect: number[]): SimdRow => ({
    name,
    emit: op(name),
    input: "f32",
    output: "f32",
    cases: [{ args: [a, b], expect }],
  });
  runSimdTable([
    row("f32x4Min", [NaN, -0, -0, 5]),
    row("f32x4Max", [NaN, 0, 0, 5]),
    row("f32x4Pmin", [1, -0, 0, 5]),
    row("f32x4Pmax", [1, -0, 0, 5]),
  ]);
});
