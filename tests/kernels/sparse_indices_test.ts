/**
 * `sparse_indices` (kernels/sparse_indices.ts): the rows of a row-sparse
 * gradient, one task: the non-padding entries of `idx` in input order, or
 * (coalesced) the distinct rows ascending, read from a `row_csr` block.
 * Checked against a naive reference and rebuilt from its source text.
 */

import assert from "node:assert/strict";
import { KERNELS } from "../../kernels/registry.ts";
import { sparseIndices } from "../../kernels/sparse_indices.ts";
import { bagCases } from "./_cases.ts";
import { sparseIndicesLaunch } from "./_grad_cases.ts";
import { assertBitwise, assertSameRuns, buf, i32Sentinel, run } from "./_kernel_harness.ts";

const CASES = bagCases(9, 4).filter((c) => c.D === 1 || c.D === 17);
const SPECS = [false, true].flatMap((padded) =>
  [false, true].map((coalesced) => ({ padded, coalesced }))
);

function naive(idx: Int32Array, pad: number, coalesced: boolean): Int32Array {
  let rows = Array.from(idx).filter((k) => k !== pad);
  if (coalesced) rows = [...new Set(rows)].sort((a, b) => a - b);
  const out = i32Sentinel(idx.length);
  out.set(rows);
  return out;
}

Deno.test("sparse_indices kernel lists non-padding rows in input order, or distinct rows ascending", () => {
  for (const s of SPECS) {
    for (const c of CASES) {
      const l = sparseIndicesLaunch(c, s);
      const out = run(l);
      assertBitwise(
        buf(out, 4),
        naive(c.idx, s.padded ? c.pad : -1, s.coalesced),
        `${JSON.stringify(s)} ${c.name}`,
      );
      assertSameRuns(out, l.args, "inputs unchanged", [0, 3]);
    }
  }
});

Deno.test("sparse_indices kernel rebuilt from its source text computes the same", () => {
  assert.equal(KERNELS.sparse_indices, sparseIndices);
  for (const s of SPECS) {
    for (const c of CASES) {
      const l = sparseIndicesLaunch(c, s);
      assertSameRuns(run(l, "rebuilt"), run(l), c.name);
    }
  }
});
