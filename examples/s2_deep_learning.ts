// Tutorial snippet S2 (docs/tutorials.md): "deep learning is very deep", from the
// embeddings-vs-one-hot tutorial. Each distinct word gets an index (first appearance, from 1),
// so the sentence encodes as `1 2 3 4 1`; an embedding with 6 latent factors maps every index
// to a small dense 6-vector, where a one-hot vector over a 2,000-word dictionary would be
// 2,000 wide with 1,999 zeros.
//
// Checked below: the encoding is 1 2 3 4 1, both "deep" positions give identical vectors (row 1
// of the table), and the memory of one-hot versus dense vectors.
//
// Run: deno run examples/s2_deep_learning.ts

import assert from "node:assert/strict";
import { Embedding } from "../mod.ts";

const sentence = "deep learning is very deep";
const words = sentence.split(" ");

// Distinct words, indexed by first appearance starting at 1 (0 is left free for padding).
const wordIndex = new Map<string, number>();
for (const word of words) if (!wordIndex.has(word)) wordIndex.set(word, wordIndex.size + 1);
const encoded = words.map((word) => wordIndex.get(word)!);
console.log(`"${sentence}" encodes as ${encoded.join(" ")}`);
console.log(`word index: ${[...wordIndex].map(([word, i]) => `${word}=${i}`).join(", ")}`);
assert.deepEqual(encoded, [1, 2, 3, 4, 1]);

// 6 latent factors per index; rows 1..4 are the words, row 0 is the (zeroed) padding row.
const latentFactors = 6;
const embedding = new Embedding(wordIndex.size + 1, latentFactors, { paddingIdx: 0, seed: 2 });
const vectors = await embedding.forward(encoded).toArray() as number[][];
console.log(`\n${embedding}: each word becomes a ${latentFactors}-vector`);
words.forEach((word, i) => {
  const shown = vectors[i].map((x) => x.toFixed(2).padStart(5)).join(", ");
  console.log(`  ${word.padEnd(8)} (${encoded[i]})  [${shown}]`);
});

// Both occurrences of "deep" map to the same row of the table, bit for bit.
const weight = await embedding.weight.toArray() as number[][];
assert.deepEqual(vectors[0], vectors[4]);
assert.deepEqual(vectors[0], weight[1]);
console.log('  ✓ both "deep" positions give identical vectors (row 1 of the table)');

// Memory: one-hot versus dense, for a 2,000-word dictionary.
const dictionary = 2000;
const oneHot = new Float32Array(dictionary);
oneHot[wordIndex.get("deep")!] = 1;
const zerosInOneHot = oneHot.filter((x) => x === 0).length;
const big = new Embedding(dictionary, latentFactors, { seed: 2 });
const dense = await big.forward([wordIndex.get("deep")!]).data();
const table = await big.weight.data();
assert.equal(zerosInOneHot, dictionary - 1);
assert.equal(dense.length, latentFactors);
assert.equal(table.byteLength, dictionary * latentFactors * 4);

console.log(`\nWith a ${dictionary.toLocaleString("en")}-word dictionary (float32):`);
console.log(
  `  one-hot "deep": ${oneHot.length.toLocaleString("en")} floats ` +
    `(${zerosInOneHot.toLocaleString("en")} zeros) = ${
      oneHot.byteLength.toLocaleString("en")
    } bytes`,
);
console.log(`  dense "deep":   ${dense.length} floats = ${dense.byteLength} bytes`);
console.log(
  `  the sentence:   ${(words.length * dictionary).toLocaleString("en")} floats one-hot ` +
    `vs ${words.length * latentFactors} floats dense`,
);
console.log(
  `  the whole ${dictionary.toLocaleString("en")} × ${latentFactors} table: ` +
    `${table.byteLength.toLocaleString("en")} bytes, as much as ${latentFactors} one-hot vectors`,
);
