/**
 * `deno task bench:train`: the `train-step` workload with the optimizers,
 * EmbeddingBag(1000000, 64, sum) over 4096 bags × 32 ids, loss
 * `sum(out * cotangent)`, `backward()`, optimizer step: SGD (sparse and
 * dense gradient), Adagrad (sparse), SparseAdam, and the dense SGD step as
 * one `jit` plan with the table donated (`sgd` transform, updated in
 * place). Written as users write the
 * loop (no `dispose()`); PyTorch 1.13 with 2 threads on the same indices in
 * the same run. Medians of `--reps N` steps (default 10) after `--warmup N`
 * steps (default 10) on both sides: a training loop runs for thousands of
 * steps, and the first few pay for fresh memory pages on either side.
 *
 * @module
 */

import {
  Adagrad,
  applyUpdates,
  embeddingBagForward,
  jit,
  mul,
  type Optimizer,
  randUniform,
  SGD,
  sgd,
  SparseAdam,
  sum,
  type Tensor,
  tensor,
  valueAndGrad,
} from "../mod.ts";
import { cpuModel, medianMs } from "./_machine.ts";

const V = 1000000, D = 64, B = 4096, L = 32;
const flag = (name: string, fallback: number) =>
  Deno.args.includes(name) ? Number(Deno.args[Deno.args.indexOf(name) + 1]) || fallback : fallback;
const reps = flag("--reps", 10), warmup = flag("--warmup", 10);
const only = Deno.args.includes("--only") ? Deno.args[Deno.args.indexOf("--only") + 1] : "";

let seed = 11;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const idsData = Int32Array.from({ length: B * L }, () => Math.floor(rand() * V));
const cotData = Float32Array.from({ length: B * D }, () => rand() * 2 - 1);
const ids = tensor(idsData);
const offsets = tensor(Int32Array.from({ length: B }, (_, i) => i * L));
const cot = tensor(cotData, { shape: [B, D] });

type Make = (p: ReturnType<typeof table>[]) => Optimizer<{ lr: number }>;
const VARIANTS: [string, boolean, Make][] = [
  ["sgd-sparse", true, (p) => new SGD(p, { lr: 0.01 })],
  ["sgd-dense", false, (p) => new SGD(p, { lr: 0.01 })],
  ["adagrad-sparse", true, (p) => new Adagrad(p, { lr: 0.01 })],
  ["sparseadam", true, (p) => new SparseAdam(p, { lr: 0.01 })],
  ["sgd-dense-jit", false, (p) => new SGD(p, { lr: 0.01 })], // measured by jitStep below
];
const chosen = VARIANTS.filter(([name]) => only === "" || only.split(",").includes(name));

function table() {
  const w = randUniform([V, D], { low: -1, high: 1, seed: 1 });
  w.requiresGrad = true;
  return w;
}

/** The dense SGD step as one jit plan (optax style), the table donated and updated in place. */
function jitStep(): () => Promise<void> {
  type P = { w: Tensor<"float32"> };
  const tx = sgd({ lr: 0.01 });
  const lossOf = (p: P) => sum(mul(embeddingBagForward(p.w, ids, { offsets, mode: "sum" }), cot));
  const step = jit((p: P, state: unknown) => {
    const [loss, g] = valueAndGrad(lossOf)(p);
    const { updates, state: next } = tx.update(g as P, state as never, p);
    return { loss, p: applyUpdates(p, updates), state: next };
  }, { donate: [0, 1] });
  let p: P = { w: randUniform([V, D], { low: -1, high: 1, seed: 1 }) };
  let state: unknown = tx.init(p);
  return async () => void ({ p, state } = await step(p, state));
}

/** Median ms of one variant's full steps, in this process. */
async function measure([name, sparse, make]: (typeof VARIANTS)[number]): Promise<number> {
  const weight = table();
  const optimizer = make([weight]);
  const step = name === "sgd-dense-jit" ? jitStep() : async () => {
    optimizer.zeroGrad();
    const loss = sum(mul(embeddingBagForward(weight, ids, { offsets, mode: "sum", sparse }), cot));
    await loss.backward();
    await optimizer.step();
  };
  return await medianMs(step, reps, warmup);
}

if (Deno.args.includes("--child")) {
  console.log(JSON.stringify(await measure(chosen[0])));
  Deno.exit(0);
}

// One process per variant: each starts with an empty arena (four 256 MB tables and their
// state would not fit the 4 GiB arena together before the collector frees the earlier ones).
const tessera: Record<string, number> = {};
for (const [name] of chosen) {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      ...["run", "-A", import.meta.filename!, "--child", "--only", name],
      ...["--reps", String(reps), "--warmup", String(warmup)],
    ],
  });
  tessera[name] = JSON.parse(new TextDecoder().decode((await child.output()).stdout));
}

const dir = await Deno.makeTempDir();
await Deno.writeFile(`${dir}/ids.bin`, new Uint8Array(idsData.buffer));
await Deno.writeFile(`${dir}/cot.bin`, new Uint8Array(cotData.buffer));
const py = new Deno.Command("/usr/bin/python3", {
  args: [
    "bench/peers/train_step_torch.py",
    ...[dir, String(reps), chosen.map(([n]) => n).join(","), String(warmup)],
  ],
  env: { OMP_NUM_THREADS: "2", OPENBLAS_NUM_THREADS: "2" },
});
const torch = JSON.parse(new TextDecoder().decode((await py.output()).stdout));
await Deno.remove(dir, { recursive: true });

console.log(
  `train-step on ${await cpuModel()}, median of ${reps} full steps after ${warmup}, same run`,
);
console.log("| variant | Tessera | PyTorch " + torch.torch + " (2 threads) | ratio |");
console.log("|---|---|---|---|");
for (const [name] of chosen) {
  const t = tessera[name], p = torch[name];
  console.log(`| ${name} | ${t.toFixed(1)} ms | ${p.toFixed(1)} ms | ${(p / t).toFixed(2)}× |`);
}
