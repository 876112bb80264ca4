/**
 * `deno task bench:s4`: S4 on Brown (examples/s4_brown.ts) beside PyTorch 1.13.
 * The example's model (EmbeddingBag(V, 32, mean) → Linear(32, 15) →
 * crossEntropy → SGD lr 5, batches of 64 paragraphs), trained as a user
 * writes the loop (no `dispose()`, the loss read every step), for the
 * example's 10 epochs; PyTorch (bench/peers/s4_brown_torch.py, with 2 threads,
 * then with 1) trains the same model from the same initial weights on the same
 * batches in the same run, after Tessera. Prints the median epoch time of each
 * (one epoch: 197 steps), its ratio to Tessera's (above 1: Tessera is faster), the last
 * epoch's training loss and the held-out accuracy after the last epoch.
 *
 *     deno task bench:s4 [--epochs N]
 *
 * @module
 */

import { argmax, crossEntropy, EmbeddingBag, Linear, SGD } from "../mod.ts";
import { batches, batchOf, brownGenres, type Paragraph, shuffled } from "../examples/_brown.ts";
import { cpuModel, median } from "./_machine.ts";

const at = Deno.args.indexOf("--epochs");
const epochs = at >= 0 ? Number(Deno.args[at + 1]) : 10;
const B = 64, LR = 5;
const { genres, vocab, train, heldOut } = brownGenres({ minCount: 5, seed: 0 });
const embeddingBag = new EmbeddingBag(vocab.length, 32, { mode: "mean", seed: 0 });
const fc = new Linear(32, genres.length, { seed: 1 });

// The twin's inputs: initial weights, each epoch's paragraphs in batch order, the held-out set.
const dir = await Deno.makeTempDir();
const put = (name: string, a: Int32Array | Float32Array) =>
  Deno.writeFile(`${dir}/${name}.bin`, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
await put("table", await embeddingBag.weight.data());
await put("fc_w", await fc.weight.data());
await put("fc_b", await fc.bias!.data());
const write = async (name: string, ps: readonly Paragraph[]) => {
  await put(`${name}_idx`, batchOf(ps).indices);
  await put(`${name}_len`, Int32Array.from(ps, (p) => p.ids.length));
  await put(`${name}_lab`, Int32Array.from(ps, (p) => p.genre));
};
// Epoch e's batches are shuffled(train, e) cut into runs of B, on both sides.
for (let e = 1; e <= epochs; e++) await write(`e${e}`, shuffled(train, e));
await write("test", heldOut);
await Deno.writeTextFile(
  `${dir}/meta.json`,
  JSON.stringify({ V: vocab.length, C: genres.length, B, lr: LR, epochs }),
);

// Tessera: the example's loop, timed per epoch.
const optimizer = new SGD([...embeddingBag.parameters(), ...fc.parameters()], { lr: LR });
const ms: number[] = [];
let total = 0;
for (let e = 1; e <= epochs; e++) {
  const plan = batches(train, B, e);
  const t0 = performance.now();
  total = 0;
  for (const { indices, offsets, labels } of plan) {
    optimizer.zeroGrad();
    const loss = crossEntropy(fc.forward(embeddingBag.forward(indices, offsets)), labels);
    await loss.backward();
    await optimizer.step();
    total += loss.item() * labels.length;
  }
  ms.push(performance.now() - t0);
}
const test = batchOf(heldOut);
const predicted = await argmax(fc.forward(embeddingBag.forward(test.indices, test.offsets)), {
  axis: 1,
}).data();
const accuracy = 100 * predicted.filter((p, i) => p === test.labels[i]).length / heldOut.length;

const py = await new Deno.Command("/usr/bin/python3", {
  args: [new URL("./peers/s4_brown_torch.py", import.meta.url).pathname, dir, "2,1"],
  env: { OMP_NUM_THREADS: "2", OPENBLAS_NUM_THREADS: "2" },
  stderr: "inherit",
}).output();
await Deno.remove(dir, { recursive: true });
type Run = { ms: number[]; loss: number; accuracy: number };
const torch = JSON.parse(new TextDecoder().decode(py.stdout)) as {
  torch: string;
  runs: Record<string, Run>;
};

const t = median(ms);
const epochsOf = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(", ");
console.log(`S4 on Brown on ${await cpuModel()}, load ${Deno.loadavg()[0].toFixed(1)}, same run:`);
console.log(
  `${train.length} training paragraphs in ${Math.ceil(train.length / B)} batches of ${B}, ` +
    `${heldOut.length} held out, ${vocab.length} words, ${epochs} epochs, median epoch time`,
);
console.log("| | one epoch | this ÷ Tessera | last epoch's training loss | held-out accuracy |");
console.log("|---|---|---|---|---|");
const row = (name: string, m: number, loss: number, acc: number) =>
  console.log(
    `| ${name} | ${m.toFixed(0)} ms | ${(m / t).toFixed(2)}× | ${loss.toFixed(4)} | ${
      acc.toFixed(2)
    }% |`,
  );
row("Tessera", t, total / train.length, accuracy);
for (const [n, run] of Object.entries(torch.runs)) {
  row(
    `PyTorch ${torch.torch} (${n} thread${n === "1" ? "" : "s"})`,
    median(run.ms),
    run.loss,
    run.accuracy,
  );
}
console.log(`epochs: Tessera ${epochsOf(ms)} ms`);
for (const [n, run] of Object.entries(torch.runs)) {
  console.log(`PyTorch ${n}: ${epochsOf(run.ms)} ms`);
}
