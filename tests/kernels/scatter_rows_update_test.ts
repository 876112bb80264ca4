/**
 * `scatter_rows` in update mode (kernels/scatter_rows.ts): an optimizer's
 * in-place `W[idx[j]] += alpha * grad(j)`, PyTorch's `add_` of an
 * uncoalesced sparse gradient. Checked against a naive in-order update of
 * the documented gradient terms, split over table rows, Wasm against JS bit
 * for bit, and for a bad index: a fault before any row is written.
 */

import assert from "node:assert/strict";
import {
  gradCases,
  type GradSpec,
  gradSpecs,
  gradTerm,
  scatterUpdateLaunch,
} from "./_grad_cases.ts";
import type { GradCase } from "./_grad_cases.ts";
import {
  assertBitwise,
  assertSplitInvariant,
  assertWasmMatchesJs,
  buf,
  rng,
  run,
} from "./_kernel_harness.ts";

const CASES = gradCases(57, 2);
const ALPHA = -0.37;

/** The table after the update, applied position by position in input order. */
function naive(c: GradCase, s: GradSpec, table: Float32Array, alpha: number): Float32Array {
  const f = Math.fround, a = f(alpha), out = table.slice();
  c.idx.forEach((k, j) => {
    if (s.padded && k === c.pad) return;
    for (let d = 0; d < c.D; d++) {
      out[k * c.D + d] = f(out[k * c.D + d] + f(a * (gradTerm(c, s, j, d) ?? 0)));
    }
  });
  return out;
}

Deno.test("scatter_rows update adds alpha times every position's gradient into its row, in input order", () => {
  for (const c of CASES) {
    for (const s of gradSpecs(c.D)) {
      const l = scatterUpdateLaunch(c, s, ALPHA);
      const want = naive(c, s, l.args[3] as Float32Array, ALPHA);
      assertBitwise(buf(run(l), 3), want, `${JSON.stringify(s)} ${c.name}`);
    }
  }
});

Deno.test("scatter_rows update gives the same table when rows are split across launches", () => {
  const r = rng(58);
  for (const c of CASES) {
    for (const s of gradSpecs(c.D)) {
      assertSplitInvariant(scatterUpdateLaunch(c, s, ALPHA), "js", r, c.name);
    }
  }
});

Deno.test("Wasm scatter_rows update matches the JS kernel bit for bit, every source and flag", () => {
  const r = rng(59);
  for (const c of CASES) {
    for (const s of gradSpecs(c.D)) {
      for (const freq of s.source === "max" ? [false] : [false, true]) {
        assertWasmMatchesJs(scatterUpdateLaunch(c, { ...s, freq }, ALPHA), r);
      }
    }
  }
});

Deno.test("scatter_rows update refuses a bad index before writing any row", () => {
  for (const backend of ["js", "wasm"] as const) {
    for (const c of CASES.filter((x) => x.N >= 2)) {
      const s = { D: c.D, source: "scaled" as const, freq: false, padded: false };
      const ok = scatterUpdateLaunch(c, s, ALPHA);
      const idx = Int32Array.from(c.idx);
      idx[idx.length - 1] = c.V; // one past the table, at the last position
      const l = { ...ok, args: ok.args.map((a, i) => (i === 1 ? idx : a)) };
      const statuses: number[] = [];
      const out = run(l, backend, [[0, c.V]], statuses);
      assert.notEqual(statuses[0], 0, `${backend} ${c.name}: no fault`);
      assertBitwise(buf(out, 3), l.args[3] as Float32Array, `${backend} ${c.name}: table changed`);
    }
  }
});
