/**
 * The property suite under Bun (which has no `Deno.test`): the same specs
 * and seeds as tests/properties/properties_test.ts. Exits non-zero on any
 * failure.
 *
 *     bun tests/bun/properties.ts
 */

import * as mod from "../../mod.ts";
import { runSpec } from "../properties/_check.ts";
import { SEEDS, SPECS, uncovered } from "../properties/_all.ts";
import { jitReplay } from "../properties/_jit_replay.ts";
import { jitStatic } from "../properties/_jit_static.ts";
import { jitNested } from "../properties/_jit_nested.ts";

const failures: string[] = [];
const missing = uncovered(Object.keys(mod));
if (missing.length > 0) failures.push(`exports without a property spec: ${missing.join(", ")}`);
let calls = 0;
for (const spec of SPECS) {
  for (const seed of SEEDS) {
    try {
      const { ok, threw } = await runSpec(spec, seed);
      calls += ok + threw;
    } catch (err) {
      failures.push(`${spec.covers[0]}: ${(err as Error).message.split("\n")[0]}`);
    }
  }
}
for (const seed of SEEDS) {
  try {
    calls += await jitReplay(seed);
    calls += await jitStatic(seed);
    calls += await jitNested(seed);
  } catch (err) {
    failures.push(`jit: ${(err as Error).message.split("\n")[0]}`);
  }
}
await mod.shutdownWorkers();
for (const f of failures) console.error(`FAIL ${f}`);
console.log(failures.length ? `${failures.length} failures` : `all passed (${calls} calls)`);
if (failures.length) {
  (globalThis as unknown as { process: { exit(code: number): void } }).process.exit(1);
}
