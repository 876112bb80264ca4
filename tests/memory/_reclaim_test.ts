/**
 * Memory follows the live set in loops that never yield (no `await`, so no
 * finalizer runs, and no `dispose()`): once a budget of tensors born in the
 * arena without a turn is spent, new ones of its kind live on the
 * JavaScript heap, which V8 frees within the job. Budgets are lowered to a
 * few MiB so that each loop allocates ten times its bound in a second or so.
 * Not timed.
 */

import assert from "node:assert/strict";
import process from "node:process";
import { setBackend } from "../../mod.ts";
import {
  headroomBytes,
  noteDisposed,
  OWN_WEIGHT_BYTES,
  setSpillAfter,
  weighBlock,
  weighs,
} from "../../src/memory/_reclaim.ts";
import { boundOf, LOOPS, runLoop, turn } from "./_loops.ts";
import vectors from "../fixtures/torch_vectors.json" with { type: "json" };
import cases from "../fixtures/torch_cases.json" with { type: "json" };
import type { FixtureFile } from "../conformance/_fixture.ts";
import { runCase } from "../conformance/_suite.ts";
import { runSpec } from "../properties/_check.ts";
import { SPECS } from "../properties/_all.ts";
import { jitReplay } from "../properties/_jit_replay.ts";
import { jitStatic } from "../properties/_jit_static.ts";

const MiB = 2 ** 20;

for (const loop of LOOPS) {
  Deno.test(`a never-yielding loop of ${loop.name} stays within its budgets`, async () => {
    setBackend({ executor: "inline" });
    try {
      const bound = boundOf(loop);
      assert.ok(loop.calls * loop.perCall >= 6 * bound, "the loop allocates far past its bound");
      await turn();
      const rss = process.memoryUsage().rss;
      const peak = runLoop(loop, loop.budget);
      assert.ok(peak <= bound, `held ${peak} bytes beyond the live set (bound ${bound})`);
      const grew = process.memoryUsage().rss - rss;
      assert.ok(grew <= 512 * MiB, `RSS grew by ${grew / MiB} MiB`);
      // The same loop with every tensor in the arena passes the bound: the test can fail.
      await turn();
      const held = runLoop(loop, Infinity, bound);
      assert.ok(held > bound, `without the heap it held only ${held} bytes`);
    } finally {
      setBackend({});
      await turn();
    }
  });
}

const fixtures = [
  ...(vectors as unknown as FixtureFile).cases,
  ...(cases as unknown as FixtureFile).cases,
];

for (const budget of [-1, 8192]) {
  const where = budget < 0 ? "every tensor on the heap" : "8 KiB budgets (moves back too)";
  Deno.test(`with ${where}, every PyTorch fixture case holds`, async () => {
    const before = setSpillAfter(budget);
    try {
      for (const c of fixtures) await runCase(c);
    } finally {
      setSpillAfter(before);
    }
  });
}

Deno.test("with every tensor on the heap, every export keeps its properties and jit replays equal eager calls", async () => {
  // Every budget spent from the start: every tensor made and every result lives on the
  // heap, and every run stages its inputs and results (see tests/properties/). The savers
  // are left out: they spend seconds writing files and read tensors as any caller does.
  const before = setSpillAfter(-1);
  try {
    for (const spec of SPECS.filter((s) => !s.covers[0].startsWith("save"))) {
      const { ok } = await runSpec(spec, 1);
      assert.ok(ok > 0, `${spec.covers[0]}: no valid call succeeded`);
    }
    assert.ok(await jitReplay(1) > 0);
    assert.ok(await jitStatic(1) > 0);
  } finally {
    setSpillAfter(before);
  }
});

Deno.test("a block weighs twice its size below 64 MiB, and its size from there", () => {
  for (const bytes of [1088, 16 * 1024, 200 * 1024, 512 * 1024, MiB, 16 * MiB, 31 * MiB]) {
    assert.equal(weighs(bytes), 2 * bytes, `${bytes}`);
  }
  assert.equal(weighs(40 * MiB), 64 * MiB);
  assert.equal(weighs(64 * MiB), 64 * MiB);
  assert.equal(weighs(100 * MiB), 100 * MiB);
});

Deno.test("weighBlock() gives a block weighing 32 MiB or more a buffer of its own, shared below", () => {
  // A 16 MiB result weighs 32 MiB: its own buffer dies with it (one per block),
  // where a share of a 64 MiB buffer lived as long as the other block sharing it.
  const [a, b] = [weighBlock(16 * MiB), weighBlock(16 * MiB)];
  assert.equal(OWN_WEIGHT_BYTES, 32 * MiB);
  assert.equal(a?.byteLength, 32 * MiB);
  assert.equal(b?.byteLength, 32 * MiB);
  assert.notEqual(a, b);
  // Blocks weighing less share one 64 MiB buffer.
  const [c, d] = [weighBlock(4 * MiB), weighBlock(4 * MiB)];
  assert.equal(c?.byteLength, 64 * MiB);
  assert.equal(c, d);
  // A disposed block's own weight is handed to the next block of its weight: no new buffer.
  noteDisposed(16 * MiB, a);
  assert.equal(weighBlock(16 * MiB), a);
  assert.notEqual(weighBlock(16 * MiB), a);
  for (const [bytes, share] of [[16 * MiB, b], [4 * MiB, c], [4 * MiB, d]] as const) {
    noteDisposed(bytes, share);
  }
});

Deno.test("the first weight makes one untouched 1 GiB headroom buffer under V8, and keeps it", () => {
  // V8's limit for a full collection follows what it held after the last one (about 1.3
  // times): the headroom keeps a scavenge's weights from starting one (see `_reclaim.ts`).
  const rss = Deno.memoryUsage().rss;
  noteDisposed(MiB, weighBlock(MiB));
  assert.equal(headroomBytes(), 2 ** 30);
  noteDisposed(16 * MiB, weighBlock(16 * MiB));
  assert.equal(headroomBytes(), 2 ** 30, "made once");
  // Virtual memory only: no page of it is touched.
  assert.ok(Deno.memoryUsage().rss - rss < 256 * MiB, "the headroom is not resident");
});
