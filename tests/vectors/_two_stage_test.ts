/**
 * The two-stage search (src/vectors/_two_stage.ts) against the one-stage
 * float32 scan: the same rows and bit-identical scores, on random tables and
 * adversarial ones (duplicates, near-ties, huge and tiny norms, zero and
 * non-finite rows, clusters of near-equal scores), with exclusions,
 * `restrictVocab`, negative terms and `topn` up to past the vocabulary, on
 * the JS and Wasm kernels, inline and on Workers.
 */

import assert from "node:assert/strict";
import { KeyedVectors, setBackend, shutdownWorkers, tensor } from "../../mod.ts";
import { quantiseRows } from "../../src/vectors/_int8_table.ts";
import { twoStageTop } from "../../src/vectors/_two_stage.ts";
import {
  setTwoStageMinRows,
  TwoStageScratch,
  type TwoStageTable,
} from "../../src/vectors/_two_stage_cache.ts";
import { rowNorms, scoreRows, Scratch, topK, unitVec } from "../../src/vectors/_scores.ts";
import { rng } from "../_numeric.ts";

function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

async function twoStageTable(w: Float32Array, D: number): Promise<TwoStageTable> {
  const vectors = tensor(w, { shape: [w.length / D, D] });
  return {
    vectors,
    norms: rowNorms(vectors, "test"),
    int8: await quantiseRows(vectors, "test"),
    scratch: new TwoStageScratch(),
  };
}

/** The one-stage answer: every row scored by `dot_rows`, then `topK`. */
async function exact(t: TwoStageTable, q: Float32Array, rows: number, k: number, ex: Set<number>) {
  const s = await scoreRows({ ...t, scratch: new Scratch() }, q, rows, "test");
  const best = topK(s, rows, k, ex);
  return { rows: best, scores: best.map((r) => s[r]) };
}

Deno.test("twoStageTop() finds the one-stage rows and scores bit for bit, rescoring few rows", async () => {
  const r = rng(11), V = 5000, D = 50;
  const t = await twoStageTable(Float32Array.from({ length: V * D }, () => gaussian(r)), D);
  const w = t.vectors.dataSync();
  for (let i = 0; i < 12; i++) {
    const row = (i * 997) % V, k = [1, 10, 100][i % 3], rows = i % 4 === 3 ? 1234 : V;
    const q = unitVec(w.slice(row * D, row * D + D).map((x) => x + 0.3 * gaussian(r)));
    const ex = new Set(i % 2 ? [row] : []);
    const got = await twoStageTop(t, q, rows, k, ex, "test");
    assert.ok(got !== null, `query ${i} declined`);
    assert.deepEqual(got, await exact(t, q, rows, k, ex), `query ${i}`);
  }
});

Deno.test("twoStageTop() declines a zero query, a topn past its limit or the rows, and mass near-ties", async () => {
  const r = rng(5), V = 6000, D = 24;
  const t = await twoStageTable(Float32Array.from({ length: V * D }, () => gaussian(r)), D);
  const q = unitVec(t.vectors.dataSync().slice(0, D));
  assert.equal(await twoStageTop(t, new Float32Array(D), V, 10, new Set(), "test"), null);
  assert.equal(await twoStageTop(t, q, V, 513, new Set(), "test"), null);
  assert.equal(await twoStageTop(t, q, 10, 10, new Set(), "test"), null);
  // Every row within 1e-4 of one direction: all bounds overlap.
  const same = await twoStageTable(
    Float32Array.from({ length: V * D }, (_, i) => 1 + (i % D) + 1e-4 * gaussian(r)),
    D,
  );
  const u = unitVec(Float32Array.from({ length: D }, (_, d) => 1 + d));
  assert.equal(await twoStageTop(same, u, V, 10, new Set(), "test"), null);
});

/** An adversarial table: duplicates, scaled copies, near-ties, extreme and broken rows. */
function adversarial(V: number, D: number, seed: number): Float32Array {
  const r = rng(seed), w = new Float32Array(V * D);
  const base = Float32Array.from({ length: D }, () => gaussian(r));
  for (let row = 0; row < V; row++) {
    const kind = row % 16, at = row * D;
    for (let d = 0; d < D; d++) w[at + d] = gaussian(r);
    if (kind === 1) w.copyWithin(at, 0, D); // duplicates of row 0
    if (kind === 2) { for (let d = 0; d < D; d++) w[at + d] = base[d] * (1 + row); // scaled copies
     }
    if (kind === 3) { for (let d = 0; d < D; d++) w[at + d] = base[d] + 1e-6 * gaussian(r); // near-ties
     }
    if (kind === 4) w.fill(0, at, at + D);
    if (kind === 5) { for (let d = 0; d < D; d++) w[at + d] *= row % 3 ? 1e-22 : 1e33; }
    if (kind === 6 && row % 5 === 0) w[at + 2] = row % 10 ? NaN : Infinity;
    if (kind === 7) { for (let d = 0; d < D; d++) w[at + d] *= 1e-18; }
    if (kind === 8) { for (let d = 0; d < D; d++) w[at + d] = d === row % D ? -3 : 0; // one-hot
     }
  }
  return w;
}

async function compare(kv: KeyedVectors, label: string) {
  const D = kv.vectorSize, r = rng(9), V = kv.length;
  const queries = [
    { positive: ["w0"], topn: 10 },
    { positive: ["w2"], topn: 40 },
    { positive: ["w3", "w19"], negative: ["w7"], topn: 25 },
    { positive: ["w100"], negative: ["w8", "w24"], topn: 5, restrictVocab: 500 },
    { positive: ["w50"], topn: V + 5 },
    { positive: ["w9", "w9"], negative: ["w9"], topn: 3 },
    { positive: ["w1"], negative: ["w1"], topn: 4 }, // a zero query: every score 0 or NaN
    { positive: [Float32Array.from({ length: D }, () => 1e30 * gaussian(r))], topn: 7 },
    { positive: ["w11"], topn: 513 },
  ];
  for (const q of queries) {
    setTwoStageMinRows(Infinity);
    const want = await kv.mostSimilar(q), closest = await kv.wordsClosestTo(kv.getVector("w6"));
    const cosmul = await kv.mostSimilarCosmul({ positive: "w3", negative: "w5", topn: 9 });
    setTwoStageMinRows(0);
    assert.deepEqual(await kv.mostSimilar(q), want, `${label} ${JSON.stringify(q)}`);
    assert.deepEqual(await kv.wordsClosestTo(kv.getVector("w6")), closest, `${label} closest`);
    assert.deepEqual(
      await kv.mostSimilarCosmul({ positive: "w3", negative: "w5", topn: 9 }),
      cosmul,
    );
  }
}

Deno.test("KeyedVectors.mostSimilar() gives the same results with and without the two-stage search", async () => {
  const old = setTwoStageMinRows(0);
  try {
    const V = 3000;
    for (const D of [3, 37, 64]) {
      const keys = Array.from({ length: V }, (_, i) => `w${i}`);
      const kv = new KeyedVectors(keys, adversarial(V, D, D));
      for (const kernels of ["js", "wasm"] as const) {
        setBackend({ kernels, executor: "inline" });
        await compare(kv, `D=${D} ${kernels}/inline`);
        setBackend({ kernels, executor: "workers", workers: 2, inlineBelow: 0 });
        await compare(kv, `D=${D} ${kernels}/workers`);
      }
      // After a write in place, the int8 copy follows the new vectors.
      const r = rng(D), fresh = Float32Array.from({ length: D }, () => gaussian(r) + 5);
      setTwoStageMinRows(0);
      assert.notEqual((await kv.wordsClosestTo(fresh, { topn: 1 }))[0][0], "w40");
      kv.setVector("w40", fresh);
      assert.equal((await kv.wordsClosestTo(fresh, { topn: 1 }))[0][0], "w40", `D=${D}`);
      await compare(kv, `D=${D} after setVector`);
    }
  } finally {
    setTwoStageMinRows(old);
    setBackend({});
    await shutdownWorkers();
  }
});
