// Tutorial snippet S4 (docs/tutorials.md), complete: an EmbeddingBag with offsets, then a linear
// layer trained with cross-entropy and SGD, as the PyTorch EmbeddingBag tutorial writes it:
//
//   embedding_bag = nn.EmbeddingBag(num_embeddings=1000, embedding_dim=32, sparse=False)
//   indices = torch.tensor([1, 2, 4, 5, 6]); offsets = torch.tensor([0, 3])  # bags [1,2,4], [5,6]
//   fc = nn.Linear(32, 10)
//   criterion = nn.CrossEntropyLoss()
//   optimizer = torch.optim.SGD(model.parameters(), lr=0.001)
//   # training loop: zero_grad, forward, loss, backward, step
//
// The labels (the snippet leaves them out) are classes 3 and 7. tests/examples/s4_training_test.ts
// checks what this prints.
//
// Run: deno run examples/s4_training.ts

import { crossEntropy, EmbeddingBag, Linear, SGD } from "../mod.ts";

const embeddingBag = new EmbeddingBag(1000, 32, { seed: 0 }); // mode "mean", dense gradients
const fc = new Linear(32, 10, { seed: 1 });
const indices = [1, 2, 4, 5, 6];
const offsets = [0, 3]; // bags [1, 2, 4] and [5, 6]
const labels = [3, 7];

const optimizer = new SGD([...embeddingBag.parameters(), ...fc.parameters()], { lr: 0.001 });
for (let step = 0; step <= 500; step++) {
  optimizer.zeroGrad();
  const output = fc.forward(embeddingBag.forward(indices, offsets)); // [2, 10]
  const loss = crossEntropy(output, labels);
  await loss.backward();
  await optimizer.step();
  if (step % 100 === 0) console.log(`step ${step}: loss ${loss.item().toFixed(4)}`);
}
