/**
 * The never-yielding loops of tests/memory/_reclaim_test.ts under Bun
 * (which has no `Deno.test`): each stays within its budgets, and passes
 * them with every tensor in the arena. Exits non-zero on any failure.
 *
 *     bun tests/bun/memory.ts
 */

import process from "node:process";
import { setBackend } from "../../mod.ts";
import { boundOf, LOOPS, runLoop, turn } from "../memory/_loops.ts";

const failures: string[] = [];
setBackend({ executor: "inline" });
for (const loop of LOOPS) {
  try {
    await turn();
    const rss = process.memoryUsage().rss;
    const [bound, peak] = [boundOf(loop), runLoop(loop, loop.budget)];
    if (peak > bound) failures.push(`${loop.name}: held ${peak} bytes (bound ${bound})`);
    const grew = process.memoryUsage().rss - rss;
    if (grew > 512 * 2 ** 20) failures.push(`${loop.name}: RSS grew by ${grew} bytes`);
    await turn();
    const held = runLoop(loop, Infinity, bound);
    if (held <= bound) failures.push(`${loop.name}: without the heap it held only ${held} bytes`);
  } catch (err) {
    failures.push(`${loop.name}: ${(err as Error).message.split("\n")[0]}`);
  }
}
for (const f of failures) console.error(`FAIL ${f}`);
console.log(failures.length ? `${failures.length} failures` : `all ${LOOPS.length} loops bounded`);
if (failures.length) process.exit(1);
