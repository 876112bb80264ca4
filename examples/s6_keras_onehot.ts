// Tutorial snippet S6, the one-hot variant (docs/tutorials.md): ten reviews hashed into a
// 50-word space with oneHot, padded to 4 tokens, and a Keras Sequential model
// (Embedding -> Flatten -> Dense) trained with Adam and binary cross-entropy for 50 epochs.
// Keras' Embedding starts uniform in [-0.05, 0.05] ("uniform"); ours starts N(0, 1) as PyTorch's
// does unless told, so the model below asks for Keras' initializer.
//
// Run: deno run examples/s6_keras_onehot.ts   (or: bun examples/s6_keras_onehot.ts)

import { Dense, Embedding, Flatten, oneHot, padSequences, Sequential } from "../mod.ts";

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

const vocabSize = 50;
const encodedDocs = docs.map((d) => oneHot(d, vocabSize));
console.log(encodedDocs);
const paddedDocs = padSequences(encodedDocs, { maxlen: 4, padding: "post" });
console.log(await paddedDocs.toArray());

const model = new Sequential([
  new Embedding(vocabSize, 8, { inputLength: 4, embeddingsInitializer: "uniform" }),
  new Flatten(),
  new Dense(1, { activation: "sigmoid" }),
]);
model.compile({ optimizer: "adam", loss: "binaryCrossentropy", metrics: ["accuracy"] });
model.summary();
await model.fit(paddedDocs, labels, { epochs: 50, verbose: 0 });
const [loss, accuracy] = await model.evaluate(paddedDocs, labels, { verbose: 0 });
console.log(`Loss: ${loss.toFixed(6)}`);
console.log(`Accuracy: ${(accuracy * 100).toFixed(6)}`);
