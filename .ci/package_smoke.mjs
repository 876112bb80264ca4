// Run by .ci/run in a fresh project where the packed tarball is installed
// (Node 20, Bun, and Deno through node_modules): a lookup, a bag and a bag
// gradient on the Worker pool, checked against plain loops written here.
import assert from "node:assert/strict";
import {
  backend,
  EmbeddingBag,
  embeddingForward,
  setBackend,
  setDebugLevel,
  tensor,
} from "@tessera/embed";

setBackend({ executor: "workers", workers: 2, inlineBelow: 0 }); // every launch on the pool
const info = backend();
assert.equal(info.executor, "workers");
const launches = [];
const log = console.error;
console.error = (...args) => launches.push(args.join(" ")); // EMBED_DEBUG=3 lines
setDebugLevel(3);

const V = 50, D = 8;
const table = Float32Array.from({ length: V * D }, (_, i) => Math.sin(i) * 2);
const weight = tensor(table, { shape: [V, D] });
const ids = [[3, 7, 7, 49], [0, 12, 25, 3]];

const rows = await embeddingForward(weight, tensor(ids, { dtype: "int32" })).toArray();
ids.flat().forEach((k, j) =>
  assert.deepEqual(rows[j >> 2][j & 3], Array.from(table.subarray(k * D, k * D + D)))
);

const bag = EmbeddingBag.fromPretrained(weight, { mode: "sum", freeze: false });
const flat = [1, 2, 4, 5, 6], offsets = [0, 3];
const sums = await bag.forward(flat, offsets).toArray();
const g = [[1, 2, 3, 4, 5, 6, 7, 8], [-1, -2, -3, -4, -5, -6, -7, -8]];
const grad = await bag.grad(tensor(g), flat, offsets).weight.toArray();
setDebugLevel(0);
console.error = log;

flat.forEach((_, j) => {
  const b = j < offsets[1] ? 0 : 1;
  for (let d = 0; d < D; d++) assert.deepEqual(grad[flat[j]][d], g[b][d]);
});
for (let b = 0; b < 2; b++) {
  for (let d = 0; d < D; d++) {
    let want = 0;
    for (let j = offsets[b]; j < (b === 0 ? offsets[1] : flat.length); j++) {
      want = Math.fround(want + table[flat[j] * D + d]);
    }
    assert.ok(Math.abs(sums[b][d] - want) <= 1e-5 * Math.max(1, Math.abs(want)), `bag ${b}`);
  }
}
// With 2 threads the calling thread takes one share and 1 Worker the other.
const onPool = launches.filter((l) => / on (caller \+ \d+ Workers?|\d+ Workers?)\//.test(l));
assert.ok(onPool.length >= 3, `expected launches on the Worker pool, got:\n${launches.join("\n")}`);
console.log(`ok: lookup, bag and bag gradient on ${onPool.length} pool launches (${info.kernels})`);
