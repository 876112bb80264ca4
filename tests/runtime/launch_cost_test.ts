import assert from "node:assert/strict";
import {
  BLOCK_CAP_US,
  BLOCK_MAX,
  BLOCK_MIN,
  BLOCK_US,
  EXPLORE_FIRST,
  EXPLORE_MAX,
  LaunchCosts,
  PRIOR_US_PER_UNIT,
  RATE_WINDOW,
  SPLIT_FROM,
  TIME_EVERY,
} from "../../src/runtime/_launch_cost.ts";

/** Work of one test launch: 1 ms on the calling thread at 1 ns per unit. */
const WORK = 1e6;

/** A kernel measured inline at 1 ns per unit (its first run, which compiles, then one more). */
function measuredKernel(costs: LaunchCosts): object {
  const k = {};
  costs.noteInline(k, WORK, 50); // The first run compiles the kernel: not a rate
  costs.noteInline(k, WORK, 1);
  return k;
}

/** Records `n` split runs of `k` that took `ratio` times its 1 ms inline (its first split, which the Workers compile, first). */
function splits(costs: LaunchCosts, k: object, n: number, ratio: number): void {
  for (let i = 0; i < n; i++) costs.noteSplit(k, WORK, WORK / 2, 0.5, ratio);
}

/** Records `n` inline runs of `k` of `ratio` ms. */
function inlines(costs: LaunchCosts, k: object, n: number, ratio: number): void {
  for (let i = 0; i < n; i++) costs.noteInline(k, WORK, ratio);
}

/** Candidates per block of 1 ms launches. */
const PER_BLOCK = Math.max(BLOCK_MIN, Math.ceil(BLOCK_US / 1000));

Deno.test("LaunchCosts: candidates are launches from 262144 units over two threads or more, split before any measurement", () => {
  const c = new LaunchCosts();
  assert.equal(SPLIT_FROM, 262144);
  assert.equal(c.mode, "split");
  assert.equal(c.wouldSplit(SPLIT_FROM, 2), true);
  assert.equal(c.wouldSplit(SPLIT_FROM - 1, 2), false);
  assert.equal(c.wouldSplit(2 ** 24, 1), false); // One share: nothing to split
  assert.equal(c.candidate(SPLIT_FROM - 1, 4), false);
  // Small launches are never timed; a candidate's first runs are.
  assert.equal(c.measured({}, SPLIT_FROM - 1, 2), false);
  assert.equal(c.measured({}, SPLIT_FROM, 2), true);
  assert.equal(c.estimateUs({}, 1e6), 1e6 * PRIOR_US_PER_UNIT);
});

Deno.test("LaunchCosts: rates are per kernel, the least of the last runs, the first (compiling) run left out", () => {
  const c = new LaunchCosts();
  const fast = {}, slow = {};
  c.noteInline(fast, 1e6, 40); // Compiles: left out
  for (let i = 0; i < 5; i++) c.noteInline(fast, 1e6, 0.05); // 0.05 ns per unit (matmul)
  c.noteInline(fast, 1e6, 40); // A garbage-collector pause
  for (let i = 0; i < 3; i++) c.noteInline(slow, 1e5, 0.1); // 1 ns per unit
  assert.equal(c.estimateUs(fast, 1e6), 50);
  assert.equal(c.estimateUs(slow, 1e6), 1000);
  // The window forgets old runs: RATE_WINDOW runs at 0.2 ns per unit replace them all.
  for (let i = 0; i < RATE_WINDOW; i++) c.noteInline(fast, 1e6, 0.2);
  assert.equal(c.estimateUs(fast, 1e6), 200);
  c.noteInline(fast, 1e6, NaN); // Ignored: not a time
  assert.equal(c.estimateUs(fast, 1e6), 200);
  // The caller's share of a split counts as a run on the calling thread.
  c.noteSplit(fast, 1e6, 5e5, 0.05, 0.06);
  assert.equal(c.estimateUs(fast, 1e6), 100);
});

Deno.test("LaunchCosts.measured() times a kernel's first candidates, then one in TIME_EVERY while splitting", () => {
  const c = new LaunchCosts();
  const k = {};
  const timed: number[] = [];
  for (let i = 0; i < RATE_WINDOW + 3 * TIME_EVERY; i++) {
    if (c.measured(k, WORK, 2)) timed.push(i), c.noteInline(k, WORK, 1);
  }
  assert.equal(timed.slice(0, RATE_WINDOW + 1).join(), [...Array(RATE_WINDOW + 1).keys()].join());
  assert.equal(timed.length, RATE_WINDOW + 1 + 3); // Then every TIME_EVERY-th
  assert.equal(timed.at(-1)! % TIME_EVERY, TIME_EVERY - 1);
});

Deno.test("LaunchCosts: splits slower than the calling thread (a busy machine) switch candidates inline after a block", () => {
  const c = new LaunchCosts();
  const k = measuredKernel(c);
  splits(c, k, 1, 1); // The kernel's first split (its Workers compile it): not counted
  splits(c, k, PER_BLOCK - 1, 1.5);
  assert.equal(c.mode, "split");
  splits(c, k, 1, 1.5);
  assert.equal(c.mode, "inline");
  assert.equal(c.wouldSplit(WORK, 2), false);
  // Every inline candidate is timed while mode "inline" is measured.
  for (let i = 0; i < 3 * TIME_EVERY; i++) assert.equal(c.measured(k, WORK, 2), true);
});

Deno.test("LaunchCosts: splits faster than the least inline run keep splitting and never try the calling thread", () => {
  const c = new LaunchCosts();
  const k = measuredKernel(c);
  splits(c, k, 1 + 100 * PER_BLOCK, 0.6);
  assert.equal(c.mode, "split");
});

Deno.test("LaunchCosts: splits not counted (the Workers booting, the kernel's first) never change the mode", () => {
  const c = new LaunchCosts();
  const k = measuredKernel(c);
  for (let i = 0; i < 10 * PER_BLOCK; i++) c.noteSplit(k, WORK, WORK / 2, 0.5, 50, false);
  assert.equal(c.mode, "split");
});

Deno.test("LaunchCosts: one stretched run in a block (a collector pause) does not set its value, many late splits do", () => {
  const c = new LaunchCosts();
  const k = measuredKernel(c);
  splits(c, k, 1, 1);
  for (let i = 0; i < 10; i++) {
    splits(c, k, PER_BLOCK - 1, 0.6);
    splits(c, k, 1, 8);
  }
  assert.equal(c.mode, "split");
  // A busy machine: most splits fast, a quarter of them 4 ms late (a Worker waiting for a core).
  for (let i = 0; i < 3 * PER_BLOCK; i++) splits(c, k, 1, i % 4 === 0 ? 4 : 0.6);
  assert.equal(c.mode, "inline");
});

Deno.test("LaunchCosts: a block ends early once its launches took BLOCK_CAP_US (a split that took 20 times its inline time)", () => {
  const c = new LaunchCosts();
  const k = measuredKernel(c);
  splits(c, k, 1, 1);
  assert.ok(20 * 1000 >= BLOCK_CAP_US);
  splits(c, k, 1, 20);
  assert.equal(c.mode, "inline");
});

Deno.test("LaunchCosts: kept inline, split is tried again after EXPLORE_FIRST blocks, the gap doubling while it stays slower", () => {
  const c = new LaunchCosts();
  const k = measuredKernel(c);
  splits(c, k, 1 + PER_BLOCK, 3);
  assert.equal(c.mode, "inline");
  /** Inline blocks until the mode turns to "split"; how many. */
  const blocksUntilSplit = () => {
    for (let n = 1; n <= EXPLORE_MAX + 1; n++) {
      inlines(c, k, PER_BLOCK, 1.05);
      if (c.mode === "split") return n;
    }
    return Infinity;
  };
  assert.equal(blocksUntilSplit(), EXPLORE_FIRST);
  splits(c, k, PER_BLOCK, 3); // Still slow: back inline, the next try twice as far
  assert.equal(c.mode, "inline");
  assert.equal(blocksUntilSplit(), 2 * EXPLORE_FIRST);
  splits(c, k, PER_BLOCK, 3);
  assert.equal(blocksUntilSplit(), 4 * EXPLORE_FIRST);
  // The machine quietened: the try is measured afresh (older slow blocks forgotten) and wins.
  splits(c, k, PER_BLOCK, 0.6);
  assert.equal(c.mode, "split");
  splits(c, k, 20 * PER_BLOCK, 0.6);
  assert.equal(c.mode, "split");
});

Deno.test("LaunchCosts: a block is BLOCK_MIN candidates taking BLOCK_US inline, or BLOCK_MAX of small ones", () => {
  const c = new LaunchCosts();
  // Candidates of 10 µs inline (a 262144-unit matmul): a block is BLOCK_MAX of them.
  const k = {};
  c.noteInline(k, SPLIT_FROM, 1);
  c.noteInline(k, SPLIT_FROM, 0.01);
  c.noteSplit(k, SPLIT_FROM, SPLIT_FROM / 2, 0.005, 0.03); // First split: not counted
  assert.ok(BLOCK_MAX * 10 < BLOCK_US);
  for (let i = 0; i < BLOCK_MAX - 1; i++) c.noteSplit(k, SPLIT_FROM, SPLIT_FROM / 2, 0.005, 0.03);
  assert.equal(c.mode, "split");
  c.noteSplit(k, SPLIT_FROM, SPLIT_FROM / 2, 0.005, 0.03);
  assert.equal(c.mode, "inline");
});
