/**
 * Memory of results that live long enough to reach V8's old generation (a
 * program that keeps its last few results, as benchmark harnesses and
 * data pipelines do): the collector must still learn what they weigh, or
 * nothing starts the full collection that frees them.
 */

import assert from "node:assert/strict";
import { embeddingForward, randn, tensor } from "../../mod.ts";
import { arena } from "../../src/memory/arena.ts";

const MiB = 2 ** 20;

Deno.test("400 lookups of 16 MiB, each kept for the next 8 calls, keep the arena bounded", async () => {
  const W = randn([50_000, 128], { seed: 1 });
  const x = tensor(Int32Array.from({ length: 64 * 512 }, (_, i) => (i * 7919) % 50_000), {
    shape: [64, 512],
  });
  const kept: Float32Array[] = [];
  // 400 × 16 MiB = 6.25 GiB allocated: without full collections the 4 GiB arena is exhausted.
  for (let i = 0; i < 400; i++) {
    kept[i % 8] = await embeddingForward(W, x).data() as Float32Array;
    if (i % 50 === 49) {
      assert.ok(
        arena().byteLength <= 1536 * MiB,
        `after ${i + 1} calls the arena holds ${arena().byteLength / MiB} MiB`,
      );
    }
  }
  assert.equal(kept.length, 8);
});
