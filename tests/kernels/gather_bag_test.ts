/**
 * `gather_bag` (kernels/gather_bag.ts): the fused bag forward, checked
 * against a naive per-bag, per-dimension reduction written from the
 * contract (float32 rounding after every operation, padding skipped and not
 * counted, empty bags give +0, max keeps the first entry on ties), over
 * split ranges of bags, and rebuilt from its source text.
 */

import assert from "node:assert/strict";
import { gatherBag, type GatherBagSpec } from "../../kernels/gather_bag.ts";
import { KERNELS } from "../../kernels/registry.ts";
import { bagBounds, type BagCase, bagCases, gatherBagLaunch } from "./_cases.ts";
import {
  assertBitwise,
  assertSameRuns,
  assertSplitInvariant,
  buf,
  rng,
  run,
} from "./_kernel_harness.ts";

const CASES = bagCases(2);
/** The specs the contract defines: weights only with sum. */
const SPECS = (["sum", "mean", "max"] as const).flatMap((mode) =>
  [false, true].flatMap((padded) =>
    (mode === "sum" ? [false, true] : [false]).map((weighted) => ({ mode, padded, weighted }))
  )
);

function naive(c: BagCase, s: Omit<GatherBagSpec, "D">): Float32Array {
  const { D } = c, f = Math.fround, out = new Float32Array(c.B * D);
  for (let b = 0; b < c.B; b++) {
    const [first, last] = bagBounds(c, b);
    const js = Array.from({ length: last - first }, (_, i) => first + i).filter((j) =>
      !s.padded || c.idx[j] !== c.pad
    );
    for (let d = 0; d < D; d++) {
      const vals = js.map((
        j,
      ) => (s.weighted ? f(c.psw[j] * c.W[c.idx[j] * D + d]) : c.W[c.idx[j] * D + d]));
      let v = 0;
      if (vals.length > 0 && s.mode === "max") v = vals.reduce((m, x) => (x > m ? x : m));
      else if (vals.length > 0) v = vals.reduce((acc, x) => f(acc + x), 0);
      if (vals.length > 0 && s.mode === "mean") v = f(v / vals.length);
      out[b * D + d] = v;
    }
  }
  return out;
}

Deno.test("gather_bag kernel reduces bags like a naive float32 reference in every mode", () => {
  for (const s of SPECS) {
    for (const c of CASES) {
      const l = gatherBagLaunch(c, { D: c.D, ...s });
      const out = run(l);
      assertBitwise(buf(out, 6), naive(c, s), `${JSON.stringify(s)} ${c.name}`);
      assertSameRuns(out, l.args, "inputs unchanged", [0, 1, 2, 5]);
    }
  }
});

Deno.test("gather_bag test cases cover empty, all-padding and duplicate bags, N = 0, V = 1 and no bags", () => {
  const bags = CASES.flatMap((c) =>
    Array.from(
      { length: c.B },
      (_, b) => Array.from(c.idx.subarray(...bagBounds(c, b))).map((k) => k === c.pad),
    )
  );
  assert.ok(bags.some((isPad) => isPad.length === 0), "an empty bag");
  assert.ok(bags.some((isPad) => isPad.length > 1 && isPad.every(Boolean)), "an all-padding bag");
  assert.ok(CASES.some((c) => new Set(c.idx).size < c.N), "duplicates");
  assert.ok(
    CASES.some((c) => c.N === 0 && c.B > 0) && CASES.some((c) => c.V === 1) &&
      CASES.some((c) => c.B === 0),
  );
});

Deno.test("gather_bag kernel max keeps the first entry on ties: NaN only as a bag's first entry, -0 before +0", () => {
  // Rows: 0 = [NaN, 1, -0, 5], 1 = [2, 1, 0, NaN], 2 = padding.
  const c: BagCase = {
    name: "ties",
    V: 3,
    D: 4,
    B: 4,
    N: 7,
    nOff: 4,
    pad: 2,
    W: Float32Array.of(NaN, 1, -0, 5, 2, 1, 0, NaN, 9, 9, 9, 9),
    idx: Int32Array.of(0, 1, 1, 0, 2, 2, 2),
    off: Int32Array.of(0, 2, 4, 7),
    psw: new Float32Array(7),
  };
  const out = buf(run(gatherBagLaunch(c, { D: 4, mode: "max", weighted: false, padded: true })), 6);
  assertBitwise(out, [NaN, 1, -0, 5, 2, 1, 0, NaN, 0, 0, 0, 0, 0, 0, 0, 0]);
});

Deno.test("gather_bag kernel ends the last bag at N, or at off[nOff - 1] when offsets include the last", () => {
  const c = CASES.find((x) => x.nOff === x.B + 1 && x.off[x.B] < x.N && x.B > 1)!;
  const s = { mode: "sum" as const, weighted: false, padded: false };
  const out = buf(run(gatherBagLaunch(c, { D: c.D, ...s })), 6);
  const asPlain = naive({ ...c, nOff: c.B, N: c.off[c.B], idx: c.idx.subarray(0, c.off[c.B]) }, s);
  assertBitwise(out, asPlain);
});

Deno.test("gather_bag kernel gives the same output when bags are split across launches", () => {
  const r = rng(12);
  for (const s of SPECS) {
    for (const c of CASES) {
      assertSplitInvariant(gatherBagLaunch(c, { D: c.D, ...s }), "js", r, c.name);
    }
  }
});

Deno.test("gather_bag kernel rebuilt from its source text computes the same", () => {
  assert.equal(KERNELS.gather_bag, gatherBag);
  for (const s of SPECS) {
    for (const c of CASES) {
      const l = gatherBagLaunch(c, { D: c.D, ...s });
      assertSameRuns(run(l, "rebuilt"), run(l), c.name);
    }
  }
});
