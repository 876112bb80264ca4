/**
 * `deno task bench:tessera`: a mitata report of Tessera alone on every
 * workload (default backend: Wasm SIMD kernels on the Worker pool). For the
 * comparison with peers, use `deno task bench`.
 *
 * @module
 */

// mitata is imported here, not through deno.json (whose npm imports every run
// installs) nor deno.lock (the task runs with --no-lock): `deno task demo`
// must not download benchmark-only packages.
import { bench, group, run } from "npm:mitata@^1.0.34";
import { shutdownWorkers } from "../mod.ts";
import { casesFor, WORKLOADS } from "./_workloads.ts";

for (const w of WORKLOADS) {
  group(w.name, () => {
    for (const c of casesFor(w)) bench(`${w.name} ${c.variant}: ${c.api}`, c.run);
  });
}
await run();
await shutdownWorkers();
