/**
 * A training loop written as a PyTorch user writes it (no `dispose()`):
 * 10,000 steps of forward + `backward()` keep memory bounded. Not timed.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { arena } from "../../src/memory/arena.ts";

Deno.test("10,000 forward + backward steps without dispose() keep RSS bounded", async () => {
  const V = 1000, D = 16, B = 32, L = 5;
  const p = {
    emb: T.randn([V, D], { seed: 1 }),
    w1: T.randn([32, D], { seed: 2, std: 0.1 }),
    b1: T.zeros([32]),
    w2: T.randn([4, 32], { seed: 3, std: 0.1 }),
  };
  for (const t of Object.values(p)) t.requiresGrad = true;
  const offsets = T.tensor(Int32Array.from({ length: B }, (_, i) => i * L), { shape: [B] });
  let seed = 5;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const step = async () => {
    for (const t of Object.values(p)) t.grad = undefined;
    const ids = Int32Array.from({ length: B * L }, () => next() % V);
    const y = Int32Array.from({ length: B }, () => next() % 4);
    const h = T.embeddingBagForward(p.emb, ids, { offsets, mode: "mean", sparse: true });
    const loss = T.crossEntropy(T.linear(T.relu(T.linear(h, p.w1, p.b1)), p.w2), y);
    await loss.backward();
    return loss.item();
  };
  for (let i = 0; i < 1000; i++) await step();
  const warm = Deno.memoryUsage().rss;
  let peak = warm, peakArena = 0;
  // Collections return memory in a sawtooth: compare its low points early and late.
  const lows = [Infinity, Infinity];
  for (let i = 0; i < 9000; i++) {
    const l = await step();
    assert.ok(Number.isFinite(l));
    const live = arena().liveBytes;
    peakArena = Math.max(peakArena, live);
    lows[i < 4500 ? 0 : 1] = Math.min(lows[i < 4500 ? 0 : 1], live);
    if (i % 500 === 0) peak = Math.max(peak, Deno.memoryUsage().rss);
  }
  const mib = (b: number) => (b / 2 ** 20).toFixed(0);
  console.log(
    `RSS ${mib(warm)} MiB after 1,000 steps, peak ${mib(peak)} MiB over the next 9,000; ` +
      `arena live: low ${mib(lows[0])} then ${mib(lows[1])} MiB, peak ${mib(peakArena)} MiB`,
  );
  // The arena (this isolate's tensors) must not grow with the steps; RSS is the process's,
  // shared with other test files, and only reported.
  assert.ok(
    lows[1] - lows[0] < 16 * 2 ** 20,
    `arena low point grew from ${mib(lows[0])} to ${mib(lows[1])} MiB`,
  );
  assert.ok(peakArena < 256 * 2 ** 20, `arena peaked at ${mib(peakArena)} MiB`);
});
