/**
 * The S6 row of the training benchmark: 50 epochs of `fit` on the ten
 * padded reviews (`Sequential([Embedding(50, 8), Flatten(), Dense(1,
 * sigmoid)])`, Keras' Adam, binary cross-entropy), each in a fresh process
 * as a user runs it (cold: the first epoch includes the kernels' JIT; then
 * warm: a second model's fit in the same process), and
 * PyTorch 1.13's equivalent loop (bench/peers/s6_fit_torch.py, 2 threads) in
 * the same run. Medians of `--reps N` (default 7).
 *
 *     deno run --allow-read --allow-run --allow-sys bench/s6_fit.ts
 *
 * @module
 */

import { cpuModel, median } from "./_machine.ts";

const reps = Number(Deno.args[Deno.args.indexOf("--reps") + 1] ?? 7) || 7;
const mod = new URL("../mod.ts", import.meta.url).href;
const script =
  `import { Dense, Embedding, Flatten, oneHot, padSequences, Sequential } from "${mod}";
const docs = ["Well done!", "Good work", "Great effort", "nice work", "Excellent!", "Weak",
  "Poor effort!", "not good", "poor work", "Could have done better."];
const x = padSequences(docs.map((d) => oneHot(d, 50)), { maxlen: 4, padding: "post" });
const times = [];
for (let run = 0; run < 2; run++) {
  const model = new Sequential([new Embedding(50, 8, { inputLength: 4, embeddingsInitializer: "uniform" }),
    new Flatten(), new Dense(1, { activation: "sigmoid" })]);
  model.compile({ optimizer: "adam", loss: "binaryCrossentropy", metrics: ["accuracy"] });
  const t0 = performance.now();
  await model.fit(x, [1, 1, 1, 1, 1, 0, 0, 0, 0, 0], { epochs: 50, verbose: 0 });
  times.push(performance.now() - t0);
}
console.log(JSON.stringify(times));`;

const cold: number[] = [], warm: number[] = [];
for (let r = 0; r < reps; r++) {
  const out = await new Deno.Command(Deno.execPath(), { args: ["eval", script], stderr: "inherit" })
    .output();
  const [first, second] = JSON.parse(new TextDecoder().decode(out.stdout));
  cold.push(first), warm.push(second);
}
const peer = await new Deno.Command("/usr/bin/python3", {
  args: [new URL("./peers/s6_fit_torch.py", import.meta.url).pathname, String(reps)],
  env: { OMP_NUM_THREADS: "2", OPENBLAS_NUM_THREADS: "2" },
  stderr: "inherit",
}).output();
const torch = JSON.parse(new TextDecoder().decode(peer.stdout)).median_ms as number;
const [c, w] = [median(cold), median(warm)];
console.log(`CPU: ${await cpuModel()}`);
console.log(
  `S6 fit, 50 epochs (medians of ${reps}): PyTorch 1.13 loop ${torch.toFixed(1)} ms; Tessera ` +
    `cold (first fit of a process) ${c.toFixed(1)} ms (PyTorch ${
      (c / torch).toFixed(1)
    }x faster), ` +
    `warm (second fit) ${w.toFixed(1)} ms (PyTorch ${(w / torch).toFixed(1)}x faster)`,
);
