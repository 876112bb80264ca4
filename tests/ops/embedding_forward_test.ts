/** Tests of `embeddingForward` (docs/semantics.md: Lookups): exact copies for every index form and rank, empty indices, large tables, padding. */

import assert from "node:assert/strict";
import { embeddingForward, tensor } from "../../mod.ts";
import { assertAllClose, assertBitwise, rng, snapshot, W } from "../_helpers.ts";
import { ints, refGather, refRenorm } from "../_reference.ts";
import { randomTable } from "./_embedding_forward.ts";

Deno.test("embeddingForward() copies rows exactly for indices of any rank", () => {
  const [w, values] = randomTable(1, 7, 5);
  const r = rng(2);
  for (const shape of [[], [4], [2, 3], [2, 1, 3], [1, 2, 2, 2]]) {
    const n = shape.reduce((a, b) => a * b, 1);
    const flat = ints(r, n, 7);
    const out = embeddingForward(w, tensor(Int32Array.from(flat), { shape }));
    assert.deepEqual(out.shape, [...shape, 5]);
    assertBitwise(out.dataSync(), refGather(values, flat, 5), `shape [${shape}]`);
  }
});

Deno.test("embeddingForward() accepts a tensor, an Int32Array, nested arrays and a number", () => {
  const [w, values] = randomTable(3, 6, 2);
  const want = refGather(values, [5, 0, 5, 2], 2);
  assertBitwise(embeddingForward(w, [[5, 0], [5, 2]]).dataSync(), want);
  assertBitwise(embeddingForward(w, new Int32Array([5, 0, 5, 2])).dataSync(), want);
  assertBitwise(
    embeddingForward(w, tensor(new Int32Array([5, 0, 5, 2]), { shape: [2, 2] })).dataSync(),
    want,
  );
  const scalar = embeddingForward(w, 4);
  assert.deepEqual(scalar.shape, [2]);
  assertBitwise(scalar.dataSync(), refGather(values, [4], 2));
});

Deno.test("embeddingForward() of empty indices is an empty [..., D] tensor", async () => {
  const w = W(4, 3);
  const a = embeddingForward(w, []);
  assert.deepEqual(a.shape, [0, 3]);
  assert.equal((await a.data()).length, 0);
  const b = embeddingForward(w, tensor(new Int32Array(0), { shape: [2, 0] }), { maxNorm: 0.5 });
  assert.deepEqual(b.shape, [2, 0, 3]);
  assert.deepEqual(await b.toArray(), [[], []]);
  assertBitwise(w.dataSync(), snapshot(W(4, 3)), "max-norm with no indices touches nothing");
});

Deno.test("embeddingForward() on a large table with few indices reads only those rows", () => {
  const V = 200_000, D = 4;
  const values = new Float32Array(V * D);
  for (const k of [0, 77_777, V - 1]) {
    for (let d = 0; d < D; d++) values[k * D + d] = k + d / 4 + 10;
  }
  const w = tensor(values, { shape: [V, D] });
  const ids = [V - 1, 0, 77_777, V - 1];
  assertBitwise(embeddingForward(w, ids).dataSync(), refGather(values, ids, D));
  const out = embeddingForward(w, ids, { maxNorm: 1, normType: Infinity });
  const want = refRenorm(values, D, ids, 1, Infinity);
  assertAllClose(out.dataSync(), refGather(want, ids, D), { rtol: 1e-6 });
  assertAllClose(w.dataSync(), want, { rtol: 1e-6 });
});

Deno.test("embeddingForward() returns the stored paddingIdx row unchanged", () => {
  const [w, values] = randomTable(4, 5, 3);
  const want = refGather(values, [2, 4, 2], 3);
  assertBitwise(embeddingForward(w, [2, 4, 2], { paddingIdx: 2 }).dataSync(), want);
  assertBitwise(embeddingForward(w, [2, 4, 2], { paddingIdx: -3 }).dataSync(), want);
  assertBitwise(embeddingForward(w, [2, 4, 2], { paddingIdx: null }).dataSync(), want);
});
