/**
 * The PyTorch conformance suite under Bun (which has no `Deno.test`): every
 * fixture case on every backend combination, JS and Wasm kernels, inline and
 * on 1 and 2 Workers. Exits non-zero on the first failure.
 *
 *     bun tests/bun/conformance.ts
 */

import vectors from "../fixtures/torch_vectors.json" with { type: "json" };
import cases from "../fixtures/torch_cases.json" with { type: "json" };
import normalStream from "../fixtures/normal_stream.json" with { type: "json" };
import type { FixtureFile } from "../conformance/_fixture.ts";
import { runCase } from "../conformance/_suite.ts";
import { BACKENDS } from "../_backends.ts";
import { randn, randUniform, setBackend, shutdownWorkers } from "../../mod.ts";
import { fillNormal, fillUniform, Random } from "../../src/tensor/random.ts";

const all = [
  ...(vectors as unknown as FixtureFile).cases,
  ...(cases as unknown as FixtureFile).cases,
];
let failed = 0;
// normal() is the very stream of the independent CPython implementation (as under Deno and Node).
const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);
for (const { seed, bits } of normalStream.streams) {
  const g = new Random(seed);
  const got = bits.map(() => (f64[0] = g.normal(), u64[0].toString(16).padStart(16, "0")));
  if (got.some((h, i) => h !== bits[i])) {
    failed++;
    console.error(`FAIL normal() of seed ${seed} differs from tests/fixtures/normal_stream.json`);
  }
}
console.log(`normal() streams: ${normalStream.streams.length} seeds`);
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
  // Random tables filled in parallel hold the sequential stream, bit for bit.
  const n = 300001, normal = new Float32Array(n), uniform = new Float32Array(n);
  fillNormal(new Random(7), normal, 0.5, 2);
  fillUniform(new Random(7), uniform, -1, 3);
  const gotN = randn([n], { seed: 7, mean: 0.5, std: 2 }).dataSync();
  const gotU = randUniform([n], { seed: 7, low: -1, high: 2 }).dataSync();
  if (gotN.some((x, i) => !Object.is(x, normal[i])) || gotU.some((x, i) => x !== uniform[i])) {
    failed++;
    console.error(`FAIL ${backend.name}: randn/randUniform differ from the sequential stream`);
  }
  console.log(`${backend.name}: ${all.length} cases, random fills`);
}
await shutdownWorkers();
console.log(failed ? `${failed} failures` : "all passed");
if (failed) (globalThis as unknown as { process: { exit(code: number): void } }).process.exit(1);
