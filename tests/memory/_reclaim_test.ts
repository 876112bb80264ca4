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
import { boundOf, LOOPS, runLoop, turn } from "./_loops.ts";

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
