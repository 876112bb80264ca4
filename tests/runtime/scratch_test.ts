/**
 * Scratch areas belong to one run: a synchronous call made while an
 * asynchronous one is on the Workers never shares (and corrupts) one, and a
 * failed run never hands a dirty area to the next.
 */

import assert from "node:assert/strict";
import { embeddingForward, embeddingGrad, tensor } from "../../mod.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";
import { refGather, refLookupGrad, refRenorm } from "../_reference.ts";
import { assertAllClose, assertBitwise, rng } from "../_helpers.ts";
import { giveScratch, takeScratch } from "../../src/runtime/scratch.ts";
import { arena } from "../../src/memory/arena.ts";

const V = 4000, D = 16;

function table(seed: number) {
  const r = rng(seed);
  const values = Float32Array.from({ length: V * D }, () => (r() * 2 - 1) * 2);
  return { w: tensor(values, { shape: [V, D] }), values };
}

for (const backend of BACKENDS) {
  Deno.test(
    `a sync maxNorm lookup while an async one runs leaves both tables right (${backend.name})`,
    WORKER_TEST,
    async () => {
      await useBackend(backend, async () => {
        const r = rng(11);
        const idsA = Array.from({ length: 20000 }, () => Math.floor(r() * V));
        const idsB = Array.from({ length: 3000 }, () => Math.floor(r() * V));
        const a = table(1), b = table(2);
        const pending = embeddingForward(a.w, idsA, { maxNorm: 1 }).data();
        const c = table(3), every = Array.from({ length: V }, (_, i) => (i * 7) % V);
        const gradPending = embeddingGrad(c.w, every, {
          numEmbeddings: V,
          scaleGradByFreq: true,
        }).data();
        const syncOut = embeddingForward(b.w, idsB, { maxNorm: 1 }).dataSync();
        const freqSync = embeddingGrad([[1], [1], [1]], [5, 5, 9], {
          numEmbeddings: V,
          scaleGradByFreq: true,
        }).dataSync();
        const wantA = refRenorm(a.values, D, idsA, 1), wantB = refRenorm(b.values, D, idsB, 1);
        assert.deepEqual(Array.from(syncOut), refGather(wantB, idsB, D));
        assert.deepEqual(Array.from(await pending), refGather(wantA, idsA, D));
        assertAllClose(await gradPending, refLookupGrad(c.values, every, V, D, null, true));
        assertAllClose(freqSync, refLookupGrad([1, 1, 1], [5, 5, 9], V, 1, null, true));
        assert.deepEqual(Array.from(a.w.dataSync()), Array.from(wantA));
        assert.deepEqual(Array.from(b.w.dataSync()), Array.from(wantB));
      });
    },
  );
}

Deno.test(
  "a sync maxNorm call made while an async maxNorm runs on a Worker leaves both tables right",
  WORKER_TEST,
  async () => {
    // The race: with one shared scratch area, the sync call's marks made the
    // Worker skip (or twice scale) rows of the other table. A million indices keep the
    // async renorm on the Worker when the sync call comes.
    await useBackend(BACKENDS[4], async () => {
      const W = 50_000, r = rng(11);
      const big = (seed: number) => {
        const q = rng(seed);
        const values = Float32Array.from({ length: W * D }, () => (q() * 2 - 1) * 2);
        return { w: tensor(values, { shape: [W, D] }), values };
      };
      await embeddingForward(big(9).w, [1, 2], { maxNorm: 1 }).data(); // Workers started
      const idsA = Int32Array.from({ length: 1_000_000 }, () => Math.floor(r() * W));
      const idsB = Array.from({ length: 20_000 }, () => Math.floor(r() * W));
      const a = big(1), b = big(2);
      const pending = embeddingForward(a.w, idsA, { maxNorm: 1 }).data();
      await new Promise((resolve) => setTimeout(resolve, 1)); // the renorm is on the Worker
      embeddingForward(b.w, idsB, { maxNorm: 1 }).dataSync();
      await pending;
      assertBitwise(b.w.dataSync(), refRenorm(b.values, D, idsB, 1), "table B");
      assertBitwise(a.w.dataSync(), refRenorm(a.values, D, Array.from(idsA), 1), "table A");
    });
  },
);

Deno.test("takeScratch() hands each taker its own zeroed area; a dirty one is never reused", () => {
  const x = takeScratch(5000, "test"), y = takeScratch(5000, "test");
  assert.notEqual(x.ptr, y.ptr);
  const u8 = arena().heap.u8;
  assert.ok(u8.subarray(x.ptr, x.ptr + x.bytes).every((v) => v === 0));
  u8[x.ptr + 17] = 1; // a failed run left a mark
  giveScratch(x, false);
  giveScratch(y, true);
  for (let i = 0; i < 4; i++) {
    const z = takeScratch(4096 + i, "test");
    assert.ok(arena().heap.u8.subarray(z.ptr, z.ptr + z.bytes).every((v) => v === 0));
    giveScratch(z, true);
  }
});
