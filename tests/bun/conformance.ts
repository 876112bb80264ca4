/**
 * The PyTorch conformance suite under Bun (which has no `Deno.test`): every
 * fixture case on every backend combination, JS and Wasm kernels, inline and
 * on 1 and 2 Workers. Exits non-zero on the first failure.
 *
 *     bun tests/bun/conformance.ts
 */

import vectors from "../fixtures/torch_vectors.json" with { type: "json" };
import cases from "../fixtures/torch_cases.json" with { type: "json" };
import type { FixtureFile } from "../conformance/_fixture.ts";
import { runCase } from "../conformance/_suite.ts";
import { BACKENDS } from "../_backends.ts";
import { setBackend, shutdownWorkers } from "../../mod.ts";

const all = [
  ...(vectors as unknown as FixtureFile).cases,
  ...(cases as unknown as FixtureFile).cases,
];
let failed = 0;
for (const backend of BACKENDS) {
  setBackend(backend.options);
  for (const c of all) {
    try {
      await runCase(c);
    } catch (err) {
      failed++;
      console.error(`FAIL ${backend.name} ${c.name}: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  console.log(`${backend.name}: ${all.length} cases`);
}
await shutdownWorkers();
console.log(failed ? `${failed} failures` : "all passed");
if (failed) (globalThis as unknown as { process: { exit(code: number): void } }).process.exit(1);
