// Tutorial snippet S1 (docs/tutorials.md): "Lookup of a 10 × 3 table with a batch of two
// index rows", from the PyTorch nn.Embedding tutorial:
//
//   embedding = nn.Embedding(10, 3)
//   input = torch.LongTensor([[1,2,4,5],[4,3,2,9]])
//   output = embedding(input)      # shape [2, 4, 3]
//   print(output); print(embedding.weight)
//
// The tutorial's point, checked below: output[0][0] (index 1) is exactly row 1 of the weight,
// i.e. a lookup is a one-hot vector times the weight matrix, without building the one-hot vector.
//
// Run: deno run examples/s1_lookup.ts   (or: deno task demo, bun examples/s1_lookup.ts)

import assert from "node:assert/strict";
import { Embedding, tensor } from "../mod.ts";

const embedding = new Embedding(10, 3, { seed: 0 }); // 10 vectors of size 3, N(0, 1) like PyTorch
const input = tensor([[1, 2, 4, 5], [4, 3, 2, 9]], { dtype: "int32" });
const output = embedding.forward(input);

console.log(`embedding = ${embedding}`);
const shape = (t: { shape: readonly number[] }) => `[${t.shape.join(", ")}]`;
console.log(`\ninput, shape ${shape(input)}:\n${input}`);
console.log(`\noutput = embedding.forward(input), shape ${shape(output)}:\n${output}`);
console.log(`\nembedding.weight, shape ${shape(embedding.weight)}:\n${embedding.weight}`);
assert.deepEqual(output.shape, [2, 4, 3]);

// Fact 1: output[0][0] is row 1 of the weight, bit for bit (and so is every other position).
const weight = await embedding.weight.toArray() as number[][];
const out = await output.toArray() as number[][][];
const ids = await input.toArray() as number[][];
ids.forEach((row, i) => row.forEach((k, j) => assert.deepEqual(out[i][j], weight[k])));

// Fact 2: the same row is onehot(1) @ weight, computed by hand.
const oneHot: number[] = weight.map((_, k) => (k === 1 ? 1 : 0));
const product = [0, 1, 2].map((d) => oneHot.reduce((sum, x, k) => sum + x * weight[k][d], 0));
assert.deepEqual(product, out[0][0]);

const show = (v: number[]) => `[${v.map((x) => x.toFixed(4).padStart(7)).join(", ")}]`;
const line = (label: string, value: string) => console.log(`${label.padEnd(24)}${value}`);
console.log();
line("output[0][0] (index 1)", show(out[0][0]));
line("weight[1]", `${show(weight[1])}   ✓ identical`);
line("onehot(1)", `[${oneHot.join(", ")}]`);
line("onehot(1) @ weight", `${show(product)}   ✓ identical`);
console.log(
  "\nA lookup is a one-hot vector times the table, without ever building the one-hot vector.",
);
