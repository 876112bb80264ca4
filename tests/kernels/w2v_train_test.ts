/**
 * Tests of the `w2v_train` JS kernel: one skip-gram and one CBOW update
 * against the textbook formulas in float64, the negative draws against
 * word2vec.c's generator in BigInt, and the rebuilt-from-source body.
 */

import assert from "node:assert/strict";
import { assertSameRuns, buf, rng, run } from "./_kernel_harness.ts";
import { cumTable, expTable, w2vCases, w2vLaunch } from "./_w2v_cases.ts";
import { assertAllClose } from "../_numeric.ts";

const assertClose = (a: ArrayLike<number>, e: ArrayLike<number>, atol: number, msg = "") =>
  assertAllClose(a, e, { atol, rtol: 1e-6, msg });

const sigmoidFromTable = (f: number) =>
  expTable()[Math.trunc(Math.fround((f + 6) * Math.fround(1000 / 12)))];

Deno.test("w2v_train: one skip-gram pair without negatives follows the gradient of log σ(u·v)", () => {
  const D = 5, V = 3;
  const syn0 = Float32Array.from({ length: V * D }, (_, k) => ((k * 7) % 11) / 20 - 0.25);
  const syn1 = Float32Array.from({ length: V * D }, (_, k) => ((k * 5) % 13) / 26 - 0.25);
  // Positions: word 2 then word 0, one sentence; window 1.
  const launch = {
    kernel: "w2v_train",
    spec: { D, sg: true, negative: 0, cbowMean: true },
    args: [
      Int32Array.of(2, 0),
      Int32Array.of(0, 0),
      Int32Array.of(2, 2),
      syn0,
      syn1,
      cumTable([1, 1, 1]),
      V,
      expTable(),
      Int32Array.of(0, 1, 0, 0), // only position 0 is a centre
      new Float32Array(2 * D + 8),
      2,
      0.5,
      0.5,
    ],
    units: 1,
  };
  const out = run(launch, "js");
  // Centre word 2 at position 0 is predicted from context word 0 (position 1).
  const v = syn0.slice(0, D), u = syn1.slice(2 * D, 3 * D);
  const dot = v.reduce((s, x, d) => s + x * u[d], 0);
  const g = (1 - sigmoidFromTable(dot)) * 0.5;
  assertClose(buf(out, 4).slice(2 * D, 3 * D), u.map((x, d) => x + g * v[d]), 1e-6);
  assertClose(buf(out, 3).slice(0, D), v.map((x, d) => x + g * u[d]), 1e-6);
  assertClose(buf(out, 3).slice(D), syn0.slice(D), 0, "untouched input rows");
});

Deno.test("w2v_train: CBOW averages the context, and spreads the error back over it", () => {
  const D = 4, V = 4;
  const syn0 = Float32Array.from({ length: V * D }, (_, k) => ((k * 3) % 7) / 10 - 0.3);
  const syn1 = Float32Array.from({ length: V * D }, (_, k) => ((k * 5) % 9) / 10 - 0.4);
  const launch = {
    kernel: "w2v_train",
    spec: { D, sg: false, negative: 0, cbowMean: true },
    args: [
      Int32Array.of(1, 3, 2),
      Int32Array.of(0, 0, 0),
      Int32Array.of(3, 3, 3),
      syn0,
      syn1,
      cumTable([1, 1, 1, 1]),
      V,
      expTable(),
      Int32Array.of(1, 2, 0, 0), // centre: position 1 (word 3), context words 1 and 2
      new Float32Array(2 * D + 8),
      3,
      0.25,
      0.25,
    ],
    units: 1,
  };
  const out = run(launch, "js");
  const row = (m: Float32Array, k: number) => Array.from(m.slice(k * D, (k + 1) * D));
  const h = row(syn0, 1).map((x, d) => (x + row(syn0, 2)[d]) / 2);
  const u = row(syn1, 3);
  const g = (1 - sigmoidFromTable(h.reduce((s, x, d) => s + x * u[d], 0))) * 0.25;
  assertClose(buf(out, 4).slice(3 * D, 4 * D), u.map((x, d) => x + g * h[d]), 1e-6);
  for (const k of [1, 2]) {
    assertClose(
      buf(out, 3).slice(k * D, (k + 1) * D),
      row(syn0, k).map((x, d) => x + g * u[d] / 2),
      1e-6,
    );
  }
});

Deno.test("w2v_train: negatives are drawn by bisect_left over word2vec.c's 48-bit generator", () => {
  // Output rows start at zero, so a drawn row changes by g·v and never otherwise.
  const D = 4, V = 50, negative = 7;
  const counts = Array.from({ length: V }, (_, k) => 200 - 3 * k);
  const cum = cumTable(counts);
  const syn0 = Float32Array.from({ length: V * D }, (_, k) => 0.1 + (k % 5) / 50);
  const seedHi = 0x123456, seedLo = 0xabcdef;
  const launch = {
    kernel: "w2v_train",
    spec: { D, sg: true, negative, cbowMean: true },
    args: [
      Int32Array.of(0, 1),
      Int32Array.of(0, 0),
      Int32Array.of(2, 2),
      syn0,
      new Float32Array(V * D),
      cum,
      V,
      expTable(),
      Int32Array.of(0, 1, seedHi, seedLo),
      new Float32Array(2 * D + 8),
      2,
      0.1,
      0.1,
    ],
    units: 1,
  };
  const out = buf(run(launch, "js"), 4);
  let state = (BigInt(seedHi) << 24n) | BigInt(seedLo);
  const drawn = new Set<number>([0]);
  for (let d = 0; d < negative; d++) {
    const x = Number((state >> 16n) % BigInt(cum[V - 1]));
    drawn.add(cum.findIndex((c) => c >= x));
    state = (state * 25214903917n + 11n) & 0xffffffffffffn;
  }
  for (let k = 0; k < V; k++) {
    const touched = out.slice(k * D, (k + 1) * D).some((x) => x !== 0);
    assert.equal(touched, drawn.has(k), `row ${k}`);
  }
});

Deno.test("w2v_train: the body rebuilt from its source text (as Workers load it) gives the same result", () => {
  const r = rng(5);
  for (const c of w2vCases().slice(0, 9)) {
    const launch = w2vLaunch(c, r);
    assertSameRuns(run(launch, "rebuilt"), run(launch, "js"), JSON.stringify(c.spec));
  }
});
