/**
 * `row_csr` (kernels/row_csr.ts): non-padding positions grouped by row, one
 * task. Checked against a naive group-by (distinct rows ascending, each
 * row's positions in input order), and rebuilt from its source text. Only the parts the layout defines are
 * compared: `U`, the first `U` rows, `U + 1` starts and the used `perm`.
 */

import assert from "node:assert/strict";
import { rowCsr } from "../../kernels/row_csr.ts";
import { KERNELS } from "../../kernels/registry.ts";
import { bagCases } from "./_cases.ts";
import { csrParts, rowCsrLaunch } from "./_grad_cases.ts";
import { assertBitwise, assertSameRuns, buf, run } from "./_kernel_harness.ts";

const CASES = bagCases(8, 4).filter((c) => c.D === 1 || c.D === 5);

function naive(idx: Int32Array, pad: number): [number, Int32Array, Int32Array, Int32Array] {
  const groups = new Map<number, number[]>();
  idx.forEach((k, j) => k !== pad && groups.set(k, [...(groups.get(k) ?? []), j]));
  const rows = [...groups.keys()].sort((a, b) => a - b);
  const perm = rows.flatMap((k) => groups.get(k)!);
  const starts = [0];
  for (const k of rows) starts.push(starts[starts.length - 1] + groups.get(k)!.length);
  return [rows.length, Int32Array.from(rows), Int32Array.from(starts), Int32Array.from(perm)];
}

function check(idx: Int32Array, V: number, pad: number, padded: boolean, msg: string): void {
  const l = rowCsrLaunch(idx, V, pad, { padded });
  const out = run(l);
  const [U, rows, starts, perm] = csrParts(buf<Int32Array>(out, 3), idx.length);
  const [eU, eRows, eStarts, ePerm] = naive(idx, padded ? pad : -1);
  assert.equal(U, eU, msg);
  assertBitwise(rows, eRows, `${msg} rows`);
  assertBitwise(starts, eStarts, `${msg} starts`);
  assertBitwise(perm, ePerm, `${msg} perm`);
  assertSameRuns(out, l.args, `${msg}: idx unchanged`, [0]);
}

Deno.test("row_csr kernel groups non-padding positions by ascending row, in input order within a row", () => {
  for (const padded of [false, true]) {
    for (const c of CASES) check(c.idx, c.V, c.pad, padded, `padded=${padded} ${c.name}`);
  }
});

Deno.test("row_csr kernel handles N = 0, V = 1, all padding, and rows far apart", () => {
  check(new Int32Array(0), 4, 0, true, "N = 0");
  check(new Int32Array(5), 1, 0, false, "V = 1");
  check(new Int32Array(5), 1, 0, true, "all padding");
  check(Int32Array.of(4096, 0, 2047, 2048, 4096, 9, 0), 5000, 9, true, "wide keys");
});

Deno.test("row_csr kernel rebuilt from its source text computes the same", () => {
  assert.equal(KERNELS.row_csr, rowCsr);
  for (const c of CASES) {
    const l = rowCsrLaunch(c.idx, c.V, c.pad, { padded: true });
    assertSameRuns(run(l, "rebuilt"), run(l), c.name);
  }
});
