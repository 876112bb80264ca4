/**
 * The two-stage search's per-table cache (src/vectors/_two_stage_cache.ts):
 * nothing under the size threshold, one int8 copy built once one-stage scans
 * have cost what building it is expected to, then reused; arena buffers that
 * grow and are kept.
 */

import assert from "node:assert/strict";
import { KeyedVectors, randn, tensor } from "../../mod.ts";
import {
  noteOneStageScan,
  setTwoStageBuildCost,
  setTwoStageMinRows,
  type TableCache,
  twoStageOf,
  TwoStageScratch,
} from "../../src/vectors/_two_stage_cache.ts";
import { rowNorms } from "../../src/vectors/_scores.ts";

Deno.test("twoStageOf() skips small tables, then builds the int8 copy once and keeps it", async () => {
  const vectors = tensor(Float32Array.from({ length: 40 * 3 }, (_, i) => Math.sin(i)), {
    shape: [40, 3],
  });
  let normsAsked = 0;
  const norms = () => (normsAsked++, rowNorms(vectors, "test"));
  const cache: TableCache = {};
  const old = setTwoStageMinRows(41), oldCost = setTwoStageBuildCost(0);
  try {
    assert.equal(await twoStageOf(cache, vectors, norms, "test"), undefined);
    assert.equal(setTwoStageMinRows(40), 41);
    const a = await twoStageOf(cache, vectors, norms, "test");
    assert.ok(a !== undefined && a.vectors === vectors && a.int8.P === 16);
    assert.equal(await twoStageOf(cache, vectors, norms, "test"), a);
    assert.equal(normsAsked, 1);
  } finally {
    setTwoStageMinRows(old);
    setTwoStageBuildCost(oldCost);
  }
});

Deno.test("twoStageOf() builds the copy once one-stage scans have cost what building it would", async () => {
  const vectors = tensor(Float32Array.from({ length: 40 * 3 }, (_, i) => Math.cos(i)), {
    shape: [40, 3],
  });
  const norms = () => rowNorms(vectors, "test");
  const cache: TableCache = {};
  // 40 rows of 16 code bytes and 8 bytes of scale and bound: 960 bytes, at 1,000 ns a byte 0.96 ms.
  const old = setTwoStageMinRows(40), oldCost = setTwoStageBuildCost(1000);
  try {
    assert.equal(await twoStageOf(cache, vectors, norms, "test"), undefined);
    noteOneStageScan(cache, 0.5);
    assert.equal(await twoStageOf(cache, vectors, norms, "test"), undefined);
    noteOneStageScan(cache, 0.5);
    const a = await twoStageOf(cache, vectors, norms, "test");
    assert.ok(a !== undefined && a.int8.bytes === 960);
    // The build's own cost, measured, is the estimate for the next table.
    const measured = setTwoStageBuildCost(1000);
    assert.ok(measured > 0 && Number.isFinite(measured) && measured !== 1000, `${measured}`);
  } finally {
    setTwoStageMinRows(old);
    setTwoStageBuildCost(oldCost);
  }
});

Deno.test("mostSimilar() answers alike before and after the int8 copy is built", async () => {
  const V = 300, D = 24, keys = Array.from({ length: V }, (_, i) => `k${i}`);
  const kv = new KeyedVectors(keys, randn([V, D], { seed: 5 }));
  const old = setTwoStageMinRows(V), oldCost = setTwoStageBuildCost(Infinity);
  try {
    const queries = [{ positive: ["k3"] }, { positive: ["k7", "k8"], negative: ["k9"] }];
    const before = [];
    for (const q of queries) before.push(await kv.mostSimilar({ ...q, topn: 7 }));
    assert.equal(setTwoStageBuildCost(1e-9), Infinity, "no copy was built");
    // From now on any one-stage scan pays for the copy: the next query builds it.
    const after = [];
    for (const q of queries) after.push(await kv.mostSimilar({ ...q, topn: 7 }));
    assert.notEqual(setTwoStageBuildCost(1e-9), 1e-9, "a query built the copy");
    assert.deepEqual(after, before);
  } finally {
    setTwoStageMinRows(old);
    setTwoStageBuildCost(oldCost);
  }
});

Deno.test("TwoStageScratch keeps a buffer until a larger one is asked for", () => {
  const s = new TwoStageScratch();
  const a = s.f32("x", 10, "test");
  assert.equal(s.f32("x", 7, "test"), a);
  const b = s.f32("x", 11, "test");
  assert.notEqual(b, a);
  assert.equal(b.shape[0], 11);
  assert.equal(s.i32("y", 3, "test").dtype, "int32");
});
