/**
 * The two-stage search's per-table cache (src/vectors/_two_stage_cache.ts):
 * nothing under the size threshold, one int8 copy built and then reused,
 * arena buffers that grow and are kept.
 */

import assert from "node:assert/strict";
import { tensor } from "../../mod.ts";
import {
  setTwoStageMinRows,
  twoStageOf,
  TwoStageScratch,
  type TwoStageTable,
} from "../../src/vectors/_two_stage_cache.ts";
import { rowNorms } from "../../src/vectors/_scores.ts";

Deno.test("twoStageOf() skips small tables, then builds the int8 copy once and keeps it", async () => {
  const vectors = tensor(Float32Array.from({ length: 40 * 3 }, (_, i) => Math.sin(i)), {
    shape: [40, 3],
  });
  let normsAsked = 0;
  const norms = () => (normsAsked++, rowNorms(vectors, "test"));
  const cache: { int8?: TwoStageTable } = {};
  const old = setTwoStageMinRows(41);
  try {
    assert.equal(await twoStageOf(cache, vectors, norms, "test"), undefined);
    assert.equal(setTwoStageMinRows(40), 41);
    const a = await twoStageOf(cache, vectors, norms, "test");
    assert.ok(a !== undefined && a.vectors === vectors && a.int8.P === 16);
    assert.equal(await twoStageOf(cache, vectors, norms, "test"), a);
    assert.equal(normsAsked, 1);
  } finally {
    setTwoStageMinRows(old);
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
