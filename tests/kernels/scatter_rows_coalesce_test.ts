/**
 * `scatter_rows` coalescing update (kernels/scatter_rows.ts): plain SGD on a
 * dense lookup gradient. Each touched row's terms are summed from zero in
 * input order (the dense gradient's sums), then `alpha` times the sum is
 * added once (the dense update): checked against a naive computation bit
 * for bit, split over table rows, Wasm against JS, the row marks left zero,
 * and for a bad index a fault before any row is written.
 */

import assert from "node:assert/strict";
import { type GradCase, gradCases, type GradSpec, gradSpecs, gradTerm } from "./_grad_cases.ts";
import { scatterUpdateLaunch } from "./_grad_cases.ts";
import {
  assertBitwise,
  assertSameRuns,
  assertSplitInvariant,
  assertWasmMatchesJs,
  buf,
  type Launch,
  rng,
  run,
} from "./_kernel_harness.ts";

const CASES = gradCases(61, 2);
const ALPHA = -0.37;
/** Positions of the table, the row sums and the row marks among the args. */
const TABLE = 3, MARKS = 12;

function coalesceLaunch(c: GradCase, s: GradSpec): Launch {
  const l = scatterUpdateLaunch(c, s, ALPHA);
  const args = [...l.args.slice(0, -2), new Float32Array(c.N * c.D).fill(7), new Int32Array(c.V)];
  return { ...l, spec: { ...l.spec, coalesce: true }, args };
}

/** The table after the dense update: every row's gradient summed from zero in input order. */
function naive(c: GradCase, s: GradSpec, table: Float32Array): Float32Array {
  const f = Math.fround, a = f(ALPHA), grad = new Float32Array(c.V * c.D), out = table.slice();
  c.idx.forEach((k, j) => {
    if (s.padded && k === c.pad) return;
    for (let d = 0; d < c.D; d++) {
      grad[k * c.D + d] = f(grad[k * c.D + d] + (gradTerm(c, s, j, d) ?? 0));
    }
  });
  const touched = new Set(c.idx.filter((k) => !(s.padded && k === c.pad)));
  for (const k of touched) {
    for (let d = 0; d < c.D; d++) out[k * c.D + d] = f(out[k * c.D + d] + f(a * grad[k * c.D + d]));
  }
  return out;
}

Deno.test("scatter_rows coalescing update adds alpha times each touched row's summed gradient once", () => {
  for (const c of CASES) {
    for (const s of gradSpecs(c.D)) {
      const l = coalesceLaunch(c, s);
      const out = run(l);
      assertBitwise(buf(out, TABLE), naive(c, s, l.args[TABLE] as Float32Array), c.name);
      assert.ok(buf<Int32Array>(out, MARKS).every((m) => m === 0), `${c.name}: marks left`);
    }
  }
});

Deno.test("scatter_rows coalescing update rebuilt from its source text (as Workers run it) computes the same", () => {
  for (const c of CASES.slice(0, 14)) {
    for (const s of gradSpecs(c.D)) {
      const l = coalesceLaunch(c, s);
      assertSameRuns(run(l, "rebuilt"), run(l), c.name);
    }
  }
});

Deno.test("scatter_rows coalescing update gives the same table when rows are split across launches", () => {
  const r = rng(62);
  for (const c of CASES) {
    for (const s of gradSpecs(c.D)) assertSplitInvariant(coalesceLaunch(c, s), "js", r, c.name);
  }
});

Deno.test("Wasm scatter_rows coalescing update matches the JS kernel bit for bit", () => {
  const r = rng(63);
  for (const c of CASES) {
    for (const s of gradSpecs(c.D)) {
      for (const freq of s.source === "max" ? [false] : [false, true]) {
        assertWasmMatchesJs(coalesceLaunch(c, { ...s, freq }), r, [TABLE, MARKS]);
      }
    }
  }
});

Deno.test("scatter_rows coalescing update refuses a bad index without writing a row or leaving a mark", () => {
  for (const backend of ["js", "wasm"] as const) {
    for (const c of CASES.filter((x) => x.N >= 2)) {
      const half = c.V >> 1;
      const splits: [number, number][][] = [[[0, c.V]], [[0, half], [half, c.V]]];
      for (const ranges of splits) {
        const ok = coalesceLaunch(c, { D: c.D, source: "scaled", freq: false, padded: false });
        const idx = Int32Array.from(c.idx);
        idx[idx.length - 1] = c.V;
        const l = { ...ok, args: ok.args.map((a, i) => (i === 1 ? idx : a)) };
        const statuses: number[] = [];
        const out = run(l, backend, ranges, statuses);
        assert.ok(statuses.every((st) => st !== 0), `${backend} ${c.name}: no fault`);
        assertBitwise(buf(out, TABLE), l.args[TABLE] as Float32Array, `${backend} ${c.name}`);
        assert.ok(buf<Int32Array>(out, MARKS).every((m) => m === 0), `${backend} ${c.name}: marks`);
      }
    }
  }
});
