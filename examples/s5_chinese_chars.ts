// Tutorial snippet S5 (docs/tutorials.md): "A character-level vocabulary over Chinese text",
// from a Chinese tutorial on one-hot encoding versus embeddings:
//
//   word_index = {}; index_word = {}
//   for i, word in enumerate(set("".join(texts))): word_index[word] = i; index_word[i] = word
//   sequences = [[word_index[word] for word in text] for text in texts]
//   embedding = nn.Embedding(vocab_size, 8)
//   print(embedding(torch.tensor([1, 5, 8]))); print(embedding(torch.tensor([2, 4])))
//
// Python's `set` order is arbitrary (it changes from run to run with string hashing), so the
// snippet's indices are not reproducible. Here the vocabulary is in order of first appearance,
// starting at 0 like `enumerate`, and the texts are iterated by code point (`for…of`), not by
// UTF-16 unit (`text[i]`, `split("")`), which would cut characters outside the BMP in half.
//
// Checked below: index → character → index round-trips, every character of the texts is in the
// vocabulary, each sequence decodes back to its text, and the lookups are rows of the table.
//
// Run: deno run examples/s5_chinese_chars.ts

import assert from "node:assert/strict";
import { Embedding } from "../mod.ts";

const texts = [
  "比较直观的编码方式是采用上面提到的字典序列。例如,对于一个有三个类别的问题,可以用1、2和3分别表示这三个类别。但是,这种编码方式存在一个问题,就是模型可能会错误地认为不同类别之间存在一些顺序或距离关系,而实际上这些关系可能是不存在的或者不具有实际意义的。",
  "为了避免这种问题,引入了one-hot编码(也称独热编码)。one-hot编码的基本思想是将每个类别映射到一个向量,其中只有一个元素的值为1,其余元素的值为0。这样,每个类别之间就是相互独立的,不存在顺序或距离关系。例如,对于三个类别的情况,可以使用如下的one-hot编码:",
];

// Character vocabulary, in order of first appearance, by code point.
const wordIndex = new Map<string, number>();
const indexWord: string[] = [];
for (const char of texts.join("")) {
  if (wordIndex.has(char)) continue;
  wordIndex.set(char, indexWord.length);
  indexWord.push(char);
}
const sequences = texts.map((text) => Array.from(text, (char) => wordIndex.get(char)!));
const vocabSize = wordIndex.size;
console.log(`vocab_size = ${vocabSize} distinct characters`);
console.log(`first entries: ${indexWord.slice(0, 12).map((c, i) => `${c}:${i}`).join(" ")} …`);
sequences.forEach((seq, i) =>
  console.log(`sequence ${i} (${seq.length} characters): [${seq.slice(0, 16).join(", ")}, …]`)
);

// The vocabulary is consistent with the texts.
indexWord.forEach((char, i) => assert.equal(wordIndex.get(char), i)); // index → char → index
for (const char of texts.join("")) assert.ok(wordIndex.has(char), `missing ${char}`);
sequences.forEach((seq, i) => assert.equal(seq.map((k) => indexWord[k]).join(""), texts[i]));
sequences.forEach((seq, i) => assert.equal(seq.length, [...texts[i]].length));
console.log("✓ every character is in the vocabulary; index → char → index and decoding round-trip");

// Embedding(vocab_size, 8) and the two lookups of the snippet.
const embeddingDim = 8;
const embedding = new Embedding(vocabSize, embeddingDim, { seed: 5 });
const weight = await embedding.weight.toArray() as number[][];
console.log(`\nembedding = ${embedding}`);
for (const input of [[1, 5, 8], [2, 4]]) {
  const output = embedding.forward(input);
  const chars = input.map((k) => indexWord[k]).join("");
  console.log(
    `\nembedding([${input.join(", ")}])  (characters "${chars}"), shape [${
      output.shape.join(", ")
    }]:`,
  );
  console.log(output.toString());
  assert.deepEqual(output.shape, [input.length, embeddingDim]);
  assert.deepEqual(await output.toArray(), input.map((k) => weight[k]));
}
console.log("\n✓ each output row is the table row of its character");
