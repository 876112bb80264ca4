/**
 * One loop of bench/loops.ts, in a process of its own (so that the peak RSS
 * the driver reads is this loop's): `deno run --allow-read --allow-env bench/_loop.ts WORKLOAD natural|kept|dispose SECONDS`.
 * Times the call with mitata and prints one JSON line (ms per call).
 *
 * @module
 */

import { measure } from "npm:mitata@^1.0.34";
import { embeddingForward, randn, shutdownWorkers, tensor } from "../mod.ts";
import { indexShape, WORKLOADS, xorshiftIndices } from "./_workloads.ts";
import { arena } from "../src/memory/arena.ts";

const [name = "lookup-nlp", loop = "natural", seconds = "2"] = Deno.args;
const w = WORKLOADS.find((x) => x.name === name)!;
const W = randn([w.V, w.D], { seed: w.tableSeed });
const n = indexShape(w).reduce((a, b) => a * b, 1);
const x = tensor(w.indices ? Int32Array.from(w.indices.flat()) : xorshiftIndices(w.seed!, n, w.V), {
  shape: indexShape(w),
});
/** Per-call-overhead workloads time batches of calls, as the PyTorch peer does. */
const calls = name === "tiny" ? 1000 : 1;

// The loops as users write them: the natural one drops the result; the kept one holds each result
// until the next call has run (`for (...) { const out = await f(); use(out); }` keeps `out`, and
// the value the function resumed with, alive meanwhile); the last frees it.
const natural = async () => {
  for (let i = 0; i < calls; i++) await embeddingForward(W, x).data();
};
let out: unknown;
const kept = async () => {
  for (let i = 0; i < calls; i++) out = await embeddingForward(W, x).data();
};
const disposing = async () => {
  for (let i = 0; i < calls; i++) {
    const t = embeddingForward(W, x);
    await t.data();
    t.dispose();
  }
};
const loops: Record<string, () => Promise<void>> = { natural, kept, dispose: disposing };
if (!(loop in loops)) {
  throw new RangeError(`bench/_loop.ts: loop is "${loop}" but must be natural, kept or dispose`);
}
const stats = await measure(loops[loop], {
  min_cpu_time: Number(seconds) * 1e9,
});
await shutdownWorkers();
console.log(JSON.stringify({
  workload: name,
  loop,
  median_ms: stats.p50 / 1e6 / calls,
  samples: stats.samples.length,
  kept: out === undefined ? undefined : (out as ArrayLike<number>).length,
  arena_mib: arena().byteLength / 2 ** 20,
}));
