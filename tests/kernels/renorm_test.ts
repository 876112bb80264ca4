/**
 * `renorm` (kernels/renorm.ts): max-norm in place, owner-computes over table
 * rows. Checked against a naive reference written from the contract (norm
 * accumulated in float64 in dimension order and rounded to float32, strict
 * `>`, float32 scale `maxNorm / (norm + 1e-7)`, each distinct row once), for
 * launches that own only some rows, and rebuilt from its source text.
 */

import assert from "node:assert/strict";
import { renorm } from "../../kernels/renorm.ts";
import { KERNELS } from "../../kernels/registry.ts";
import { type BagCase, bagCases, renormLaunch } from "./_cases.ts";
import {
  assertBitwise,
  assertSameRuns,
  assertSplitInvariant,
  buf,
  rebuild,
  rng,
  run,
} from "./_kernel_harness.ts";

/** No NaN: the contract does not say how a NaN enters a norm (see the Wasm test for JS = Wasm with NaNs). */
const CASES = bagCases(6, 3, false);
const NORMS = [1, 2, 3, 0.5, Infinity];

function norm(row: Float32Array, p: number): number {
  const xs = Array.from(row, Math.abs);
  if (p === Infinity) return Math.fround(xs.reduce((m, x) => Math.max(m, x), 0));
  const acc = xs.reduce((s, x) => s + (p === 1 ? x : p === 2 ? x * x : Math.pow(x, p)), 0);
  return Math.fround(p === 1 ? acc : p === 2 ? Math.sqrt(acc) : Math.pow(acc, 1 / p));
}

/** The table after renormalising the rows of `idx` in `[start, end)`. */
function naive(c: BagCase, p: number, maxNorm: number, start = 0, end = c.V): Float32Array {
  const W = Float32Array.from(c.W), D = c.D;
  for (const k of new Set(c.idx)) {
    if (k < start || k >= end) continue;
    const row = W.subarray(k * D, (k + 1) * D), n = norm(row, p);
    if (n > maxNorm) {
      row.set(Array.from(row, (x) => Math.fround(x * Math.fround(maxNorm / (n + 1e-7)))));
    }
  }
  return W;
}

/** Max norms for a case: small, large, and exactly the norm of a referenced row (not strictly greater). */
function maxNorms(c: BagCase, p: number): number[] {
  const k = c.idx[0] ?? 0;
  return [0.25, 3, norm(c.W.subarray(k * c.D, (k + 1) * c.D), p) || 1];
}

Deno.test("renorm kernel scales each referenced row whose p-norm exceeds maxNorm, once, like a naive reference", () => {
  for (const p of NORMS) {
    for (const c of CASES) {
      for (const maxNorm of maxNorms(c, p)) {
        const out = run(renormLaunch(c, { D: c.D, p }, maxNorm));
        assertBitwise(buf(out, 0), naive(c, p, maxNorm), `p=${p} maxNorm=${maxNorm} ${c.name}`);
        assertBitwise(buf(out, 1), c.idx);
        assert.ok(buf<Uint8Array>(out, 4).every((m) => m === 0), "marks are zeroed again");
      }
    }
  }
});

Deno.test("renorm kernel leaves a row whose norm equals maxNorm, and scales a repeated row once", () => {
  const c: BagCase = {
    name: "3-4-5",
    V: 2,
    D: 2,
    B: 0,
    N: 3,
    nOff: 0,
    pad: 0,
    W: Float32Array.of(3, 4, 6, 8),
    idx: Int32Array.of(1, 1, 0),
    off: new Int32Array(0),
    psw: new Float32Array(0),
  };
  const s = Math.fround(5 / (10 + 1e-7));
  assertBitwise(buf(run(renormLaunch(c, { D: 2, p: 2 }, 5)), 0), [
    3,
    4,
    Math.fround(6 * s),
    Math.fround(8 * s),
  ]);
});

Deno.test("renorm kernel launches touch only the rows they own and leave the marks zeroed", () => {
  const r = rng(16);
  for (const p of [2, 3]) {
    for (const c of CASES.filter((x) => x.V >= 3)) {
      const a = 1 + Math.floor(r() * (c.V - 2)), b = a + 1 + Math.floor(r() * (c.V - a - 1));
      const out = run(renormLaunch(c, { D: c.D, p }, 0.5), "js", [[a, b]]);
      assertBitwise(buf(out, 0), naive(c, p, 0.5, a, b), `rows [${a}, ${b}) ${c.name}`);
      assert.ok(buf<Uint8Array>(out, 4).every((m) => m === 0));
    }
  }
});

Deno.test("renorm kernel gives the same table when rows are split across launches", () => {
  const r = rng(17);
  for (const p of NORMS) {
    for (const c of CASES) {
      assertSplitInvariant(renormLaunch(c, { D: c.D, p }, 0.5), "js", r, c.name);
    }
  }
});

Deno.test("renorm kernel rebuilt from its source text computes the same", () => {
  assert.equal(KERNELS.renorm, renorm);
  assert.equal(typeof rebuild(renorm), "function");
  for (const p of NORMS) {
    for (const c of CASES.slice(0, 12)) {
      const l = renormLaunch(c, { D: c.D, p }, 0.5);
      assertSameRuns(run(l, "rebuilt"), run(l), c.name);
    }
  }
});
