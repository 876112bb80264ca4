/**
 * `sparse_values` (kernels/sparse_values.ts): values of a row-sparse
 * gradient. Uncoalesced: one row per non-padding position, in input order
 * (units: positions). Coalesced: one row per distinct row, ascending, summing
 * its positions in input order (units: distinct rows), bit for bit the dense
 * gradient's rows. Checked against a naive reference, against `scatter_rows`,
 * split across launches, and rebuilt from its source text with its helpers.
 */

import assert from "node:assert/strict";
import { KERNELS } from "../../kernels/registry.ts";
import { sparseValues } from "../../kernels/sparse_values.ts";
import {
  type GradCase,
  gradCases,
  type GradSpec,
  gradSpecs,
  gradTerm,
  scatterRowsLaunch,
  sparseValuesLaunch,
} from "./_grad_cases.ts";
import {
  assertBitwise,
  assertSameRuns,
  assertSplitInvariant,
  buf,
  f32Sentinel,
  rng,
  run,
} from "./_kernel_harness.ts";

const CASES = gradCases(11);

function naive(c: GradCase, s: GradSpec, coalesced: boolean): Float32Array {
  const D = c.D, out = f32Sentinel(c.N * D);
  const live = Array.from(c.idx.keys()).filter((j) => !s.padded || c.idx[j] !== c.pad);
  const groups = coalesced
    ? [...new Set(live.map((j) => c.idx[j]))].sort((a, b) => a - b).map((k) =>
      live.filter((j) => c.idx[j] === k)
    )
    : live.map((j) => [j]);
  groups.forEach((js, row) => {
    for (let d = 0; d < D; d++) {
      out[row * D + d] = js.reduce((acc, j) => Math.fround(acc + (gradTerm(c, s, j, d) ?? 0)), 0);
    }
  });
  return out;
}

Deno.test("sparse_values kernel writes one row per non-padding position, or per distinct row when coalesced", () => {
  for (const coalesced of [false, true]) {
    for (const c of CASES) {
      for (const s of gradSpecs(c.D)) {
        const l = sparseValuesLaunch(c, { ...s, coalesced });
        const out = run(l);
        assertBitwise(
          buf(out, 3),
          naive(c, s, coalesced),
          `coalesced=${coalesced} ${JSON.stringify(s)} ${c.name}`,
        );
        assertSameRuns(out, l.args, "inputs unchanged", [0, 1, 5, 6, 7, 8, 9]);
      }
    }
  }
});

Deno.test("sparse_values kernel coalesced rows equal the dense gradient's rows bit for bit", () => {
  for (const c of CASES) {
    for (const s of gradSpecs(c.D)) {
      const l = sparseValuesLaunch(c, { ...s, coalesced: true });
      const values = buf(run(l), 3),
        dense = buf(run(scatterRowsLaunch(c, s)), 3),
        csr = l.args[9] as Int32Array;
      for (let u = 0; u < csr[0]; u++) {
        const k = csr[1 + u];
        assertBitwise(
          values.subarray(u * c.D, (u + 1) * c.D),
          dense.subarray(k * c.D, (k + 1) * c.D),
          `row ${k} ${c.name}`,
        );
      }
    }
  }
});

Deno.test("sparse_values kernel gives the same values when positions or distinct rows are split across launches", () => {
  const r = rng(20);
  for (const coalesced of [false, true]) {
    for (const c of CASES) {
      for (const s of gradSpecs(c.D)) {
        assertSplitInvariant(sparseValuesLaunch(c, { ...s, coalesced }), "js", r, c.name);
      }
    }
  }
});

Deno.test("sparse_values kernel rebuilt from its source text and its helpers computes the same", () => {
  assert.equal(KERNELS.sparse_values, sparseValues);
  assert.deepEqual(sparseValues.helpers?.map((h) => h.name), ["addGradRow", "gradPointers"]);
  for (const coalesced of [false, true]) {
    for (const c of CASES.slice(0, 14)) {
      for (const s of gradSpecs(c.D)) {
        const l = sparseValuesLaunch(c, { ...s, coalesced });
        assertSameRuns(run(l, "rebuilt"), run(l), c.name);
      }
    }
  }
});
