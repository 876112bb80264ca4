// Tutorial snippet S6, its text preparation (docs/tutorials.md). Keras' text tools on the ten
// short reviews of the Keras embedding tutorials, prepared both
// ways those tutorials prepare them: a fitted Tokenizer, and oneHot hashing into a vocabulary
// of 50 (MD5 here, so the indices are the same in every run; Keras' one_hot uses Python's
// salted hash(), which changes them from run to run).
//
// Run: deno run examples/text_tools.ts   (or: bun examples/text_tools.ts)

import { oneHot, padSequences, Tokenizer } from "../mod.ts";

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

// A word index by frequency (index 0 is left for padding), then each review as indices.
const tokenizer = new Tokenizer();
tokenizer.fitOnTexts(docs);
console.log("word index:", JSON.stringify(Object.fromEntries(tokenizer.wordIndex)));
const sequences = tokenizer.textsToSequences(docs);
console.log("sequences:", JSON.stringify(sequences));
const padded = padSequences(sequences, { maxlen: 4, padding: "post" });
console.log("padded:", JSON.stringify(await padded.toArray()));

// The same reviews hashed into [1, 49], ready for an Embedding(50, 8) on 4 tokens.
const vocabSize = 50;
const encoded = docs.map((doc) => oneHot(doc, vocabSize));
console.log("one-hot:", JSON.stringify(encoded));
const paddedDocs = padSequences(encoded, { maxlen: 4, padding: "post" });
console.log("padded one-hot:", JSON.stringify(await paddedDocs.toArray()));
