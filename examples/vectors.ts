// Word vectors: load a small word2vec file, query it as gensim would, save it
// again, and hand the table to an Embedding layer.
// Run: deno run --allow-read --allow-write examples/vectors.ts   (or: bun examples/vectors.ts)
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { Embedding, loadSafetensors, loadWord2Vec, saveSafetensors, saveWord2Vec } from "../mod.ts";

const kv = await loadWord2Vec("tests/fixtures/vectors/small.w2v.bin", {
  binary: true,
  onProgress: ({ bytesRead, totalBytes }) =>
    console.log(`read ${bytesRead} of ${totalBytes} bytes`),
});
console.log(kv.toString(), kv.keys.slice(0, 5));

// Neighbours by cosine (gensim's most_similar), and an analogy.
const neighbours = await kv.mostSimilar({ positive: ["café"], topn: 3 });
console.log("closest to café:", neighbours);
const analogy = await kv.mostSimilar({ positive: ["naïve", "über"], negative: ["the"], topn: 1 });
console.log("naïve + über - the =", analogy[0][0]);
console.log("odd one out of w1 w2 w3 café:", kv.doesntMatch(["w1", "w2", "w3", "café"]));
assert.equal(neighbours.length, 3);
assert.ok(neighbours.every(([key]) => key !== "café"));

// Save as word2vec text and as safetensors (each written to a temporary file, then renamed).
const dir = mkdtempSync("tessera-vectors-");
try {
  await saveWord2Vec(kv, `${dir}/small.txt`);
  const again = await loadWord2Vec(`${dir}/small.txt`);
  assert.deepEqual(again.keys, kv.keys);

  const embedding = Embedding.fromPretrained(kv, { freeze: true });
  await saveSafetensors(`${dir}/embedding.safetensors`, embedding.stateDict());
  const { weight } = await loadSafetensors(`${dir}/embedding.safetensors`);
  console.log("saved and reloaded the embedding table:", weight.shape);
  assert.deepEqual(weight.dataSync(), kv.vectors.dataSync());
} finally {
  rmSync(dir, { recursive: true });
}
