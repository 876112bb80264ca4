/**
 * `strided_copy` (kernels/strided_copy.ts): transposes, permutes,
 * broadcasts, stepped views and concat pieces of every rank from 1 to 6,
 * checked against a naive element-by-element copy (bits preserved, nothing
 * outside the view's destination written), over split ranges of rows, and
 * rebuilt from its source text.
 */

import assert from "node:assert/strict";
import { stridedCopy } from "../../kernels/strided_copy.ts";
import { KERNELS } from "../../kernels/registry.ts";
import { assertBitwise, rng, splits } from "./_kernel_harness.ts";
import {
  contiguous,
  type CopyCase,
  copyCase,
  naiveCopy,
  rowsOf,
  runCopy,
  six,
} from "./_strided_cases.ts";

const sentinel = (c: CopyCase) => new Int32Array(c.outLen + 2).fill(-777);

Deno.test("strided_copy kernel copies permuted, broadcast, stepped views and concat pieces as the naive copy", () => {
  const r = rng(21);
  for (let k = 0; k < 300; k++) {
    const c = copyCase(r), out = sentinel(c);
    assertBitwise(runCopy(c, "js", out), naiveCopy(c, out), `case ${k} ${JSON.stringify(c.n)}`);
  }
});

Deno.test("strided_copy kernel transposes a matrix, broadcasts a column and concatenates pieces", () => {
  const x = Int32Array.of(1, 2, 3, 4, 5, 6); // [2, 3]
  const base = { x, xOff: 0, outOff: 0, outLen: 6 };
  const t = { ...base, rank: 2, n: six([3, 2], 1), xs: six([1, 3], 0), os: six([2, 1], 0) };
  assertBitwise(runCopy(t, "js", new Int32Array(6)), [1, 4, 2, 5, 3, 6]);
  const col = { ...base, rank: 2, n: six([2, 3], 1), xs: six([1, 0], 0), os: six([3, 1], 0) };
  assertBitwise(runCopy(col, "js", new Int32Array(6)), [1, 1, 1, 2, 2, 2]);
  // concat([x[:, :1], x[:, 1:]], axis 1) into [2, 3]: two launches with the output's strides.
  let out: Int32Array = new Int32Array(6);
  const os = six(contiguous([2, 3]), 0);
  out = runCopy({ ...base, rank: 2, n: six([2, 1], 1), xs: six([3, 1], 0), os }, "js", out);
  out = runCopy(
    { ...base, xOff: 1, outOff: 1, rank: 2, n: six([2, 2], 1), xs: six([3, 1], 0), os },
    "js",
    out,
  );
  assertBitwise(out, x);
});

Deno.test("strided_copy kernel copies bits: NaN payloads and int32 alike", () => {
  const x = Int32Array.of(0x7fc00001, 0xff800000 | 0, 0x7f800001, -1, 0, 123456789);
  const c = {
    x,
    xOff: 0,
    outOff: 0,
    outLen: 6,
    rank: 1,
    n: six([6], 1),
    xs: six([1], 0),
    os: six([1], 0),
  };
  assertBitwise(runCopy(c, "js", new Int32Array(6)), x);
  assertBitwise(runCopy(c, "wasm", new Int32Array(6)), x);
});

Deno.test("strided_copy kernel gives the same output when rows are split across launches", () => {
  const r = rng(22);
  for (let k = 0; k < 60; k++) {
    const c = copyCase(r), out = sentinel(c), whole = runCopy(c, "js", out);
    for (const ranges of splits(rowsOf(c), r)) {
      assertBitwise(runCopy(c, "js", out, ranges), whole, `case ${k} ${JSON.stringify(ranges)}`);
    }
  }
});

Deno.test("strided_copy kernel rebuilt from its source text computes the same", () => {
  assert.equal(KERNELS.strided_copy, stridedCopy);
  const r = rng(23);
  for (let k = 0; k < 20; k++) {
    const c = copyCase(r), out = sentinel(c);
    assertBitwise(runCopy(c, "rebuilt", out), runCopy(c, "js", out), `case ${k}`);
  }
});
