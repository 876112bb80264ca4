import assert from "node:assert/strict";
import {
  FORMER_INLINE_BELOW,
  LaunchCosts,
  MEASURE_FROM,
  PRIOR_COLD_HANDOFF_US,
  PRIOR_HANDOFF_US,
  PRIOR_US_PER_UNIT,
  PROBE_EVERY,
  SPLIT_MARGIN,
  TIME_EVERY,
  WARM_MS,
} from "../../src/runtime/_launch_cost.ts";

/** A LaunchCosts on a clock the test moves (ms). */
function fakeClock(): { costs: LaunchCosts; at: (ms: number) => void } {
  let t = 1000;
  return { costs: new LaunchCosts(() => t), at: (ms) => (t = ms) };
}

/** Records `n` warm split runs of `kernel` with these caller-share and total times (ms). */
function splitRuns(
  c: { costs: LaunchCosts; at: (ms: number) => void },
  kernel: object,
  n: number,
  ownWork: number,
  ownMs: number,
  totalMs: number,
  start = 1000,
): number {
  let t = start;
  for (let i = 0; i < n; i++) {
    t += totalMs;
    c.at(t);
    c.costs.noteSplit(kernel, ownWork, ownMs, totalMs);
    t += 0.1; // The next run starts 0.1 ms later: a warm Worker.
  }
  return t;
}

Deno.test("LaunchCosts: before any measurement, two threads split from the former threshold of 262144 units", () => {
  const c = fakeClock();
  const k = {};
  assert.equal(c.costs.handoffUs(k), PRIOR_COLD_HANDOFF_US); // No split yet: a cold Worker
  assert.equal(c.costs.estimateUs(k, FORMER_INLINE_BELOW) / 2, SPLIT_MARGIN * PRIOR_HANDOFF_US);
  splitRuns(c, {}, 1, 1e6, 1, 1.5); // Another kernel's first split (a cold sample: 500 µs)
  c.at(1002);
  assert.equal(c.costs.handoffUs(k), PRIOR_HANDOFF_US); // Warm, nothing measured warm yet
  assert.equal(c.costs.wouldSplit(k, FORMER_INLINE_BELOW, 2), true);
  assert.equal(c.costs.wouldSplit(k, FORMER_INLINE_BELOW - 1, 2), false);
});

Deno.test("LaunchCosts.wouldSplit() compares the saved share with twice the warm hand-off after a recent split", () => {
  const c = fakeClock();
  const k = {};
  // Warm hand-offs of 125 µs measured; caller shares of 2^20 units in 1 ms.
  const t = splitRuns(c, k, 5, 2 ** 20, 1, 1.125);
  c.at(t);
  assert.equal(c.costs.handoffUs(k), 125);
  assert.equal(c.costs.estimateUs(k, 2 ** 20), 1000);
  assert.equal(SPLIT_MARGIN, 2);
  assert.equal(c.costs.wouldSplit(k, 524288, 2), true); // 500 µs, half saved: 250 ≥ 2 × 125
  assert.equal(c.costs.wouldSplit(k, 524287, 2), false);
  assert.equal(c.costs.wouldSplit(k, 349526, 4), true); // 3/4 of 333.33 µs saved
  assert.equal(c.costs.wouldSplit(k, 349525, 4), false);
  assert.equal(c.costs.wouldSplit(k, 2 ** 24, 1), false); // One share: nothing to save
  c.costs.noteSplit(k, 2 ** 20, 1, 1); // A free hand-off: still nothing under MEASURE_FROM splits
  assert.equal(c.costs.wouldSplit(k, MEASURE_FROM - 1, 2), false);
});

Deno.test("LaunchCosts: a Worker idle for WARM_MS or longer is estimated with the cold hand-off", () => {
  const c = fakeClock();
  const k = {};
  let t = splitRuns(c, k, 3, 2 ** 20, 1, 1.0625); // Warm: 62.5 µs, 2^20 units per ms
  // Three cold runs (each WARM_MS after the last): 2 ms hand-offs.
  for (let i = 0; i < 3; i++) {
    t += WARM_MS + 3;
    c.at(t);
    c.costs.noteSplit(k, 2 ** 20, 1, 3);
  }
  c.at(t + WARM_MS - 0.01);
  assert.equal(c.costs.handoffUs(k), 62.5);
  assert.equal(c.costs.wouldSplit(k, 2 ** 18, 2), true); // 250 µs saves 125 = 2 × 62.5
  c.at(t + WARM_MS);
  assert.equal(c.costs.handoffUs(k), 2000);
  assert.equal(c.costs.wouldSplit(k, 2 ** 18, 2), false);
  assert.equal(c.costs.wouldSplit(k, 2 ** 23, 2), true); // 8 ms saves 4 ms ≥ 2 × 2 ms
  assert.equal(c.costs.wouldSplit(k, 2 ** 23 - 1, 2), false);
});

Deno.test("LaunchCosts: rates are per kernel and the least of the last runs, so slow runs do not move them", () => {
  const c = fakeClock();
  const fast = {}, slow = {};
  for (let i = 0; i < 5; i++) c.costs.noteInline(fast, 1e6, 0.05); // 0.05 ns per unit (matmul)
  c.costs.noteInline(fast, 1e6, 40); // A garbage-collector pause
  for (let i = 0; i < 3; i++) c.costs.noteInline(slow, 1e5, 0.1); // 1 ns per unit
  assert.equal(c.costs.estimateUs(fast, 1e6), 50);
  assert.equal(c.costs.estimateUs(slow, 1e6), 1000);
  assert.equal(c.costs.estimateUs({}, 1e6), 1e6 * PRIOR_US_PER_UNIT);
  // The 9-sample window forgets old runs: nine runs at 0.2 ns per unit replace them all.
  for (let i = 0; i < 9; i++) c.costs.noteInline(fast, 1e6, 0.2);
  assert.equal(c.costs.estimateUs(fast, 1e6), 200);
  c.costs.noteInline(fast, 0, 1); // Ignored: no work
  c.costs.noteInline(fast, 1e6, NaN); // Ignored: not a time
  assert.equal(c.costs.estimateUs(fast, 1e6), 200);
});

Deno.test("LaunchCosts.place() splits every PROBE_EVERY-th candidate of a kernel run inline, never small launches", () => {
  const c = fakeClock();
  const k = {}, other = {};
  // Slow hand-offs measured for k (a busy machine): 1 ms, against 95 µs halves.
  const t = splitRuns(c, k, 5, 2 ** 20, 1, 2);
  c.at(t);
  assert.equal(c.costs.wouldSplit(k, 2e5, 2), false);
  const placed: boolean[] = [];
  for (let i = 0; i < 3 * PROBE_EVERY; i++) placed.push(c.costs.place(k, 2e5, 2));
  const splits = placed.flatMap((s, i) => (s ? [i] : []));
  assert.deepEqual(splits, [PROBE_EVERY - 1, 2 * PROBE_EVERY - 1, 3 * PROBE_EVERY - 1]);
  // Counted per kernel: another kernel's candidates do not bring k's probe nearer.
  for (let i = 0; i < PROBE_EVERY - 1; i++) assert.equal(c.costs.place(k, 2e5, 2), false);
  assert.equal(c.costs.place(other, 2e5, 2), false); // (other: the warm median, 1 ms, too)
  assert.equal(c.costs.place(k, 2e5, 2), true);
  // A split run (probe or not) restarts the count.
  for (let i = 0; i < PROBE_EVERY - 2; i++) assert.equal(c.costs.place(k, 2e5, 2), false);
  c.costs.noteSplit(k, 2 ** 20, 1, 2);
  assert.equal(c.costs.place(k, 2e5, 2), false);
  // Launches that could not save 10 µs even with a free hand-off never probe.
  for (let i = 0; i < 3 * PROBE_EVERY; i++) assert.equal(c.costs.place(k, 9000, 2), false);
  for (let i = 0; i < 3 * PROBE_EVERY; i++) assert.equal(c.costs.place(k, 2e5, 1), false);
  // Nor before the Workers have booted (a probe must not be what starts them).
  for (let i = 0; i < 3 * PROBE_EVERY; i++) {
    assert.equal(c.costs.place(k, 2e5, 2, false), false);
  }
});

Deno.test("LaunchCosts: each kernel is estimated with its own hand-offs once it has split", () => {
  const c = fakeClock();
  const slow = {}, fast = {}, fresh = {};
  // The slow kernel's Worker share lags 4 ms (page faults, say); the fast one's 62.5 µs.
  let t = splitRuns(c, slow, 6, 2 ** 20, 1, 5); // The first one cold
  t = splitRuns(c, fast, 4, 2 ** 20, 1, 1.0625, t);
  c.at(t);
  assert.equal(c.costs.handoffUs(slow), 4000);
  assert.equal(c.costs.handoffUs(fast), 62.5);
  assert.equal(c.costs.handoffUs(fresh), 4000); // Median of the last 9 hand-offs of any kernel
  assert.equal(c.costs.wouldSplit(fast, 2 ** 18, 2), true);
  assert.equal(c.costs.wouldSplit(slow, 2 ** 23, 2), false); // 4 ms saved < 2 × 4 ms lag
});

Deno.test("LaunchCosts.place() follows the estimates when they say to split", () => {
  const c = fakeClock();
  const k = {};
  const t = splitRuns(c, k, 5, 2 ** 20, 1, 1.015625); // 15.625 µs hand-offs, 2^20 units per ms
  c.at(t);
  for (let i = 0; i < 2 * PROBE_EVERY; i++) assert.equal(c.costs.place(k, 1e5, 2), true);
  assert.equal(c.costs.place(k, 2 ** 14, 2), false); // 15.6 µs: half of it does not pay 2 × 15.6 µs
  const m = {};
  assert.equal(c.costs.measured(m, MEASURE_FROM - 1), false);
  // The first 10 launches of a kernel are timed, then one in TIME_EVERY.
  const timed = Array.from({ length: 30 }, () => c.costs.measured(m, MEASURE_FROM));
  const at = timed.flatMap((t, i) => (t ? [i] : []));
  assert.equal(TIME_EVERY, 4);
  assert.deepEqual(at, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 15, 19, 23, 27]);
});

Deno.test("LaunchCosts: a kernel's first inline run (which compiles it) does not set its rate", () => {
  const c = fakeClock();
  const k = {};
  const prior = c.costs.estimateUs(k, 1e5);
  c.costs.noteInline(k, 1e5, 30); // 300 ns per unit: compiling and baseline code
  assert.equal(c.costs.estimateUs(k, 1e5), prior);
  assert.equal(c.costs.wouldSplit(k, 1e5, 2), false);
  c.costs.noteInline(k, 1e5, 0.1); // 1 ns per unit
  assert.equal(c.costs.estimateUs(k, 1e5), 100);
});

Deno.test("LaunchCosts.noteSplit() given the launch's work counts a caller's share slowed by the split as hand-off", () => {
  const c = fakeClock();
  const k = {};
  for (let i = 0; i < 4; i++) c.costs.noteInline(k, 1e6, 1); // 1 ns per unit on the calling thread
  c.at(1010);
  // Split in two: the caller's half took 0.6 ms (not 0.5: shared bandwidth), the run 0.7 ms.
  c.costs.noteSplit(k, 5e5, 0.6, 0.7, 1e6, 2);
  c.at(1010.1);
  c.costs.noteSplit(k, 5e5, 0.6, 0.7, 1e6, 2);
  assert.equal(c.costs.estimateUs(k, 1e6), 1000);
  assert.ok(Math.abs(c.costs.handoffUs(k) - 200) < 1e-6, `${c.costs.handoffUs(k)}`);
  // Without them, only what the run took beyond the caller's share.
  const other = {};
  c.costs.noteSplit(other, 5e5, 0.6, 0.7);
  assert.ok(Math.abs(c.costs.handoffUs(other) - 100) < 1e-6, `${c.costs.handoffUs(other)}`);
});
