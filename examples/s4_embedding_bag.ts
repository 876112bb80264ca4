// Tutorial snippet S4 (docs/tutorials.md): "EmbeddingBag with offsets, then a linear layer
// trained with cross-entropy", from the PyTorch EmbeddingBag tutorial:
//
//   embedding_layer = nn.Embedding(num_embeddings=10000, embedding_dim=128)
//   embedding_bag_layer = nn.EmbeddingBag(num_embeddings=10000, embedding_dim=128, mode='mean')
//   embedding_bag = nn.EmbeddingBag(num_embeddings=1000, embedding_dim=32, sparse=False)
//   indices = torch.tensor([1, 2, 4, 5, 6]); offsets = torch.tensor([0, 3])  # bags [1,2,4], [5,6]
//   embedded = embedding_bag(indices, offsets)                                # [2, 32]
//
// This example covers the lookup/bag part; examples/s4_training.ts trains the rest of the snippet
// (nn.Linear(32, 10), CrossEntropyLoss, SGD and the training loop).
//
// Checked below: each bag's output is the mean of the Embedding lookups of its indices (same
// table), "sum" and "max" modes, per-sample weights, the equivalent 2-D form and the
// includeLastOffset form. At the end, the fused schedule: gather + bag reduction is one kernel
// and the [N, D] gathered rows are never materialised.
//
// Run: deno run examples/s4_embedding_bag.ts
// To see the graph and schedule of every call: EMBED_DEBUG=2 deno run --allow-env=EMBED_DEBUG ...

import assert from "node:assert/strict";
import { Embedding, EmbeddingBag, setDebugLevel } from "../mod.ts";

const close = (actual: number[], expected: number[], what: string) => {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((x, d) =>
    assert.ok(
      Math.abs(x - expected[d]) <= 1e-6 * Math.max(1, Math.abs(expected[d])),
      `${what}[${d}]`,
    )
  );
};
const list = (a: readonly number[]) => `[${a.join(", ")}]`;
const head = (row: number[]) => `[${row.slice(0, 4).map((x) => x.toFixed(4)).join(", ")}, …]`;

// The two layers of the snippet's first lines.
const embeddingLayer = new Embedding(10000, 128, { seed: 0 });
const embeddingBagLayer = new EmbeddingBag(10000, 128, { mode: "mean", seed: 0 });
console.log(`${embeddingLayer}\n${embeddingBagLayer}`);

// EmbeddingBag(1000, 32) and an Embedding over the very same table (the tensor is shared).
const embedding = new Embedding(1000, 32, { seed: 4 });
const embeddingBag = new EmbeddingBag(1000, 32, { weight: embedding.weight }); // mode "mean"
assert.equal(embeddingBag.weight, embedding.weight);

const indices = [1, 2, 4, 5, 6];
const offsets = [0, 3]; // bags [1, 2, 4] and [5, 6]
const bags = [[1, 2, 4], [5, 6]];
const embedded = embeddingBag.forward(indices, { offsets });
const out = await embedded.toArray() as number[][];
console.log(
  `\n${embeddingBag}.forward(${list(indices)}, { offsets: ${list(offsets)} }) → shape ${
    list(embedded.shape)
  }`,
);
out.forEach((row, b) =>
  console.log(`  bag ${b} = mean of rows ${list(bags[b]).padEnd(9)} ${head(row)}`)
);
assert.deepEqual(embedded.shape, [2, 32]);

// Each row is the mean of the Embedding lookups of its bag.
const lookups = await Promise.all(
  bags.map(async (bag) => await embedding.forward(bag).toArray() as number[][]),
);
const reduce = (vs: number[][], f: (xs: number[]) => number) =>
  vs[0].map((_, d) => f(vs.map((v) => v[d])));
const mean = (vs: number[][]) => reduce(vs, (xs) => xs.reduce((a, b) => a + b) / xs.length);
lookups.forEach((vs, b) => close(out[b], mean(vs), `mean bag ${b}`));
console.log("  ✓ each row is the mean of the Embedding lookups of its bag");

// "sum" and "max" modes on the same table.
const sumBag = new EmbeddingBag(1000, 32, { mode: "sum", weight: embedding.weight });
const maxBag = new EmbeddingBag(1000, 32, { mode: "max", weight: embedding.weight });
const sums = await sumBag.forward(indices, { offsets }).toArray() as number[][];
const maxes = await maxBag.forward(indices, { offsets }).toArray() as number[][];
lookups.forEach((vs, b) => {
  close(sums[b], reduce(vs, (xs) => xs.reduce((a, c) => a + c)), `sum bag ${b}`);
  assert.deepEqual(maxes[b], reduce(vs, (xs) => Math.max(...xs))); // max is exact
});
console.log(`\nmode "sum": bag 0 ${head(sums[0])}\nmode "max": bag 0 ${head(maxes[0])}`);
console.log("  ✓ sum and max of the lookups, per dimension");

// Per-sample weights (mode "sum" only): Σ w_j · W[idx_j] per bag.
const perSampleWeights = [1, 0.5, 2, 1, -1];
const weighted = await sumBag.forward(indices, { offsets, perSampleWeights })
  .toArray() as number[][];
const rowsOf = lookups.flat();
bags.forEach((bag, b) => {
  const start = offsets[b];
  const expected = reduce(
    bag.map((_, j) => rowsOf[start + j].map((x) => x * perSampleWeights[start + j])),
    (xs) => xs.reduce((a, c) => a + c),
  );
  close(weighted[b], expected, `weighted bag ${b}`);
});
console.log(`perSampleWeights ${list(perSampleWeights)}: bag 0 ${head(weighted[0])}`);
console.log("  ✓ weighted sums of the lookups");

// Equivalent forms: 2-D indices (bags of equal size, no offsets) and includeLastOffset.
const twoD = await embeddingBag.forward([[1, 2, 4], [5, 6, 7]]).toArray();
const sameAs2D = await embeddingBag.forward([1, 2, 4, 5, 6, 7], { offsets: [0, 3] }).toArray();
assert.deepEqual(twoD, sameAs2D);
const lastOffsetBag = new EmbeddingBag(1000, 32, {
  weight: embedding.weight,
  includeLastOffset: true,
});
const withLast = await lastOffsetBag.forward(indices, { offsets: [0, 3, 5] }).toArray();
assert.deepEqual(withLast, out);
console.log(
  "\n2-D indices [[1, 2, 4], [5, 6, 7]] ≡ 1-D [1, 2, 4, 5, 6, 7] with offsets [0, 3]   ✓",
);
console.log("includeLastOffset: true with offsets [0, 3, 5] ≡ offsets [0, 3]                  ✓");

// The graph and fused schedule of one call, printed on stderr: "gather" is inlined into one
// "gather_bag" kernel. Plans are cached by graph signature: a call shaped like an earlier one
// prints its graph with "(plan cached)" and no schedule, so this call uses a new shape.
console.log("\nGraph and schedule of a weighted sum over 3 bags (setDebugLevel(2), on stderr):");
setDebugLevel(2);
await sumBag.forward([1, 2, 4, 5, 6, 7, 8], {
  offsets: [0, 3, 5],
  perSampleWeights: [1, 1, 1, 1, 1, 2, 2],
}).data();
setDebugLevel(0);
