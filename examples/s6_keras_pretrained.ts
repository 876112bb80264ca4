// Tutorial snippet S6, the pretrained variant (docs/tutorials.md): the ten reviews through a
// fitted Tokenizer, a frozen 100-d table (Keras' weights=[embedding_matrix], trainable=False,
// here Embedding.fromPretrained(matrix, { freeze: true })), Flatten and Dense(1, sigmoid).
// The tutorial reads glove.6B.100d.txt (an 822 MB download, not shipped). STAND-IN: the `glove`
// below holds a deterministic random 100-d vector per word (seed 6) instead; with the real file,
// `const glove = await loadGlove("glove.6B.100d.txt")` (needs --allow-read) replaces it, and the
// matrix is built the same way.
//
// Run: deno run examples/s6_keras_pretrained.ts   (or: bun examples/s6_keras_pretrained.ts)

import {
  Dense,
  Embedding,
  Flatten,
  KeyedVectors,
  padSequences,
  randn,
  Sequential,
  Tokenizer,
} from "../mod.ts";

const docs = [
  "Well done!",
  "Good work",
  "Great effort",
  "nice work",
  "Excellent!",
  "Weak",
  "Poor effort!",
  "not good",
  "poor work",
  "Could have done better.",
];
const labels = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0];

const t = new Tokenizer();
t.fitOnTexts(docs);
const vocabSize = t.wordIndex.size + 1;
const encodedDocs = t.textsToSequences(docs);
console.log(encodedDocs);
const paddedDocs = padSequences(encodedDocs, { maxlen: 4, padding: "post" });

// STAND-IN for the GloVe file: one deterministic 100-d vector per word.
const words = [...t.wordIndex.keys()];
const glove = new KeyedVectors(words, randn([words.length, 100], { std: 0.5, seed: 6 }));

const embeddingMatrix = Array.from({ length: vocabSize }, () => new Array<number>(100).fill(0));
for (const [word, i] of t.wordIndex) {
  if (glove.has(word)) embeddingMatrix[i] = Array.from(glove.getVector(word));
}

const model = new Sequential([
  Embedding.fromPretrained(embeddingMatrix, { freeze: true }),
  new Flatten(),
  new Dense(1, { activation: "sigmoid" }),
]);
model.compile({ optimizer: "adam", loss: "binaryCrossentropy", metrics: ["accuracy"] });
await model.fit(paddedDocs, labels, { epochs: 50, verbose: 0 });
model.summary();
const [loss, accuracy] = await model.evaluate(paddedDocs, labels, { verbose: 0 });
console.log(`Loss: ${loss.toFixed(6)}`);
console.log(`Accuracy: ${(accuracy * 100).toFixed(6)}`);
