// Tutorial snippet S3 (docs/tutorials.md): `nn.Embedding(10, 3)` with
// `LongTensor([1, 2, 3, 4])`, then the tutorial's tour of the options `padding_idx`, `max_norm`,
// `norm_type`, `scale_grad_by_freq` and `sparse`. Each option is shown with its visible effect,
// and checked:
//
// - paddingIdx: the padding row starts at zero and gets no gradient, however often it occurs;
// - maxNorm / normType: looked-up rows whose norm exceeds maxNorm are rescaled in place to
//   maxNorm; rows at or under it, and rows not looked up, are untouched;
// - scaleGradByFreq: a row's gradient is divided by how often it occurs in the batch;
// - sparse: the gradient is a RowSparseGrad that touches only the looked-up rows, and its
//   coalesce() / toDense() forms equal the dense gradient.
//
// Tessera has no autograd tape: gradients come from `embedding.grad(gradOutput, indices)` (the
// module's options) or the functional `embeddingGrad(gradOutput, indices, options)`.
//
// Run: deno run examples/s3_options.ts

import assert from "node:assert/strict";
import { Embedding, embeddingGrad, RowSparseGrad, Tensor, tensor } from "../mod.ts";

const V = 10, D = 3;
const ones = (n: number) => tensor(Array.from({ length: n }, () => [1, 1, 1]));
const rows = async (t: { toArray(): Promise<unknown> }) => await t.toArray() as number[][];
const list = (a: readonly number[]) => `[${a.join(", ")}]`;
const title = (s: string) => console.log(`\n── ${s} ${"─".repeat(Math.max(0, 74 - s.length))}`);

// The plain lookup: nn.Embedding(10, 3) applied to LongTensor([1, 2, 3, 4]).
{
  title("Embedding(10, 3) on [1, 2, 3, 4]");
  const embedding = new Embedding(V, D, { seed: 0 });
  const input = tensor([1, 2, 3, 4], { dtype: "int32" });
  const output = embedding.forward(input);
  console.log(`input:  ${input}\noutput: ${output}`);
  const weight = await rows(embedding.weight);
  assert.deepEqual(await rows(output), [1, 2, 3, 4].map((k) => weight[k]));
  console.log("✓ output row i is weight[input[i]]");
}

// paddingIdx: that row is zero at construction and never receives gradient.
{
  title("paddingIdx: 0");
  const embedding = new Embedding(V, D, { paddingIdx: 0, seed: 0 });
  const input = [0, 2, 0, 5];
  const output = embedding.forward(input);
  // A dense module's grad() is a Tensor (a RowSparseGrad with sparse: true).
  const grad = embedding.grad(ones(input.length), input); // gradOutput = all ones
  assert.ok(grad instanceof Tensor);
  const g = await rows(grad);
  console.log(`${embedding} on ${list(input)}\noutput: ${output}`);
  console.log("gradient of the table with gradOutput = ones:");
  g.slice(0, 6).forEach((r, k) => console.log(`  row ${k}: ${list(r)}`));
  console.log("  rows 6..9: zero");
  assert.deepEqual((await rows(embedding.weight))[0], [0, 0, 0]);
  // Index 0 occurs twice, yet gets no gradient; rows 2 and 5 get one each; the rest nothing.
  g.forEach((r, k) => assert.deepEqual(r, k === 2 || k === 5 ? [1, 1, 1] : [0, 0, 0]));
  // Without paddingIdx the same lookups would give row 0 a gradient of 2.
  const plain = await rows(embeddingGrad(ones(input.length), input, { numEmbeddings: V }));
  assert.deepEqual(plain[0], [2, 2, 2]);
  console.log(
    "✓ padding row starts at zero and gets zero gradient (it would get 2 without paddingIdx)",
  );
}

// maxNorm / normType: referenced rows above maxNorm are renormalised in place.
for (const normType of [2, 1]) {
  const maxNorm = 1;
  title(`maxNorm: ${maxNorm}, normType: ${normType}`);
  const embedding = new Embedding(V, D, { maxNorm, normType, seed: 0 });
  const norm = (r: number[]) =>
    normType === 1 ? r.reduce((s, x) => s + Math.abs(x), 0) : Math.hypot(...r);
  const before = await rows(embedding.weight);
  const input = [1, 3, 6];
  await embedding.forward(input).data(); // the lookup renormalises rows 1, 3, 6 of the table
  const after = await rows(embedding.weight);
  console.log(`${embedding} on ${list(input)}\n  row   norm before   norm after`);
  for (let k = 0; k < V; k++) {
    const looked = input.includes(k);
    const changed = before[k].some((x, d) => x !== after[k][d]);
    console.log(
      `  ${String(k).padStart(3)}   ${norm(before[k]).toFixed(4).padStart(11)}   ` +
        `${norm(after[k]).toFixed(4).padStart(10)}${looked ? "   looked up" : ""}${
          changed ? ", rescaled" : ""
        }`,
    );
    if (!looked || norm(before[k]) <= maxNorm) {
      assert.deepEqual(after[k], before[k]); // untouched, bit for bit
    } else {
      assert.ok(norm(after[k]) <= maxNorm * (1 + 1e-6), `row ${k} norm ${norm(after[k])}`);
      assert.ok(Math.abs(norm(after[k]) - maxNorm) < 1e-5); // rescaled to maxNorm, not below
      const scale = after[k][0] / before[k][0]; // same direction: one scale for the whole row
      after[k].forEach((x, d) => assert.ok(Math.abs(x - scale * before[k][d]) < 1e-6));
    }
  }
  assert.ok(input.some((k) => norm(before[k]) > maxNorm)); // the demo rescales something...
  assert.ok(input.some((k) => norm(before[k]) <= maxNorm)); // ...and leaves a small row alone
  console.log(`✓ looked-up rows are now at most ${maxNorm}; other rows are unchanged`);
}

// scaleGradByFreq: each row's gradient is divided by its frequency in the batch.
{
  title("scaleGradByFreq: true");
  const embedding = new Embedding(V, D, { scaleGradByFreq: true, seed: 0 });
  const input = [4, 1, 4, 4]; // row 4 three times, row 1 once
  const scaledGrad = embedding.grad(ones(input.length), input);
  assert.ok(scaledGrad instanceof Tensor);
  const scaled = await rows(scaledGrad);
  const plain = await rows(embeddingGrad(ones(input.length), input, { numEmbeddings: V }));
  console.log(`${embedding} on ${list(input)}, gradOutput = ones`);
  console.log(`  row 4: plain ${list(plain[4])}  scaled ${list(scaled[4])}`);
  console.log(`  row 1: plain ${list(plain[1])}  scaled ${list(scaled[1])}`);
  assert.deepEqual(plain[4], [3, 3, 3]);
  assert.deepEqual(scaled[4], [1, 1, 1]); // 3 occurrences / 3
  assert.deepEqual(scaled[1], [1, 1, 1]);
  console.log("✓ the gradient of row 4 (3 occurrences) is divided by 3");
}

// sparse: a row-sparse gradient that touches only the looked-up rows.
{
  title("sparse: true");
  const embedding = new Embedding(V, D, { sparse: true, seed: 0 });
  const input = [4, 1, 4, 7];
  const gradOutput = tensor([[1, 1, 1], [2, 2, 2], [3, 3, 3], [4, 4, 4]]);
  const grad = embedding.grad(gradOutput, input);
  assert.ok(grad instanceof RowSparseGrad);
  console.log(`${embedding} on ${list(input)}, gradOutput rows of 1s, 2s, 3s, 4s`);
  console.log("uncoalesced (PyTorch's layout: one entry per lookup, in input order):");
  console.log(`indices = ${grad.indices}\nvalues = ${grad.values}`);
  const coalesced = grad.coalesce();
  console.log("coalesce() (distinct rows, ascending, values summed):");
  console.log(`indices = ${coalesced.indices}\nvalues = ${coalesced.values}`);
  assert.deepEqual(await grad.indices.toArray(), input);
  assert.deepEqual(await coalesced.indices.toArray(), [1, 4, 7]);
  assert.deepEqual(await rows(coalesced.values), [[2, 2, 2], [4, 4, 4], [4, 4, 4]]);
  const dense = await rows(embeddingGrad(gradOutput, input, { numEmbeddings: V }));
  assert.deepEqual(await rows(grad.toDense()), dense);
  assert.deepEqual(await rows(coalesced.toDense()), dense);
  assert.deepEqual(grad.shape, [V, D]);
  console.log(`✓ only rows 1, 4, 7 are touched; toDense() equals the dense [${V}, ${D}] gradient`);
}
