/**
 * `scatter_rows` (kernels/scatter_rows.ts): the dense `[V, D]` gradient,
 * owner-computes over table rows. Checked against a naive scatter of the
 * documented gradient terms (see `_grad_source.ts`) in input order, for
 * launches owning only some rows, split across launches, and rebuilt from its
 * source text together with its helpers.
 */

import assert from "node:assert/strict";
import { KERNELS } from "../../kernels/registry.ts";
import { scatterRows } from "../../kernels/scatter_rows.ts";
import {
  type GradCase,
  gradCases,
  type GradSpec,
  gradSpecs,
  gradTerm,
  scatterRowsLaunch,
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

const CASES = gradCases(10);

/** The dense gradient; rows outside `[start, end)` hold the output's sentinel. */
function naive(c: GradCase, s: GradSpec, start = 0, end = c.V): Float32Array {
  const D = c.D, out = f32Sentinel(c.V * D);
  out.fill(0, start * D, end * D);
  c.idx.forEach((k, j) => {
    if ((s.padded && k === c.pad) || k < start || k >= end) return;
    for (let d = 0; d < D; d++) {
      const t = gradTerm(c, s, j, d);
      if (t !== null) out[k * D + d] = Math.fround(out[k * D + d] + t);
    }
  });
  return out;
}

Deno.test("scatter_rows kernel sums every position's gradient into its row, in input order; other rows are zero", () => {
  for (const c of CASES) {
    for (const s of gradSpecs(c.D)) {
      const l = scatterRowsLaunch(c, s);
      const out = run(l);
      assertBitwise(buf(out, 3), naive(c, s), `${JSON.stringify(s)} ${c.name}`);
      assertSameRuns(out, l.args, "inputs unchanged", [0, 1, 5, 6, 7, 8]);
    }
  }
});

Deno.test("scatter_rows kernel launches zero and write only the rows they own", () => {
  const r = rng(18);
  for (const c of CASES.filter((x) => x.V >= 3)) {
    for (const s of gradSpecs(c.D)) {
      const a = Math.floor(r() * c.V), b = a + 1 + Math.floor(r() * (c.V - a - 1));
      assertBitwise(
        buf(run(scatterRowsLaunch(c, s), "js", [[a, b]]), 3),
        naive(c, s, a, b),
        `rows [${a}, ${b}) ${c.name}`,
      );
    }
  }
});

Deno.test("scatter_rows kernel gives the same gradient when rows are split across launches", () => {
  const r = rng(19);
  for (const c of CASES) {
    for (const s of gradSpecs(c.D)) {
      assertSplitInvariant(scatterRowsLaunch(c, s), "js", r, c.name);
    }
  }
});

Deno.test("scatter_rows kernel rebuilt from its source text and its helpers computes the same", () => {
  assert.equal(KERNELS.scatter_rows, scatterRows);
  assert.deepEqual(scatterRows.helpers?.map((h) => h.name), [
    "addGradRow",
    "gradPointers",
    "sumThenAdd",
  ]);
  for (const c of CASES.slice(0, 14)) {
    for (const s of gradSpecs(c.D)) {
      const l = scatterRowsLaunch(c, { ...s, freq: s.source !== "max" });
      assertSameRuns(run(l, "rebuilt"), run(l), c.name);
    }
  }
});
