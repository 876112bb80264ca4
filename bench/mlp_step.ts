/**
 * `deno task bench:mlp`: the `mlp-step` workload of the autodiff issue,
 * EmbeddingBag(100000, 64, mean, sparse) → Linear(64, 256) → ReLU →
 * Linear(256, 10) → crossEntropy, 512 bags × 20 ids, forward + backward,
 * written as users write it: PyTorch style (`requiresGrad`, `backward()`,
 * grads reset each step) and `jit(valueAndGrad(f))`; PyTorch 1.13 with 1 and
 * 2 threads measured in the same run. Medians of `--reps N` steps (default 30).
 *
 * @module
 */

import {
  crossEntropy,
  embeddingBagForward,
  jit,
  linear,
  randUniform,
  relu,
  type Tensor,
  tensor,
  valueAndGrad,
} from "../mod.ts";
import { cpuModel, medianMs } from "./_machine.ts";

const V = 100000, D = 64, H = 256, C = 10, B = 512, L = 20;
const reps = Number(Deno.args[Deno.args.indexOf("--reps") + 1] ?? 30) || 30;
/** Steps before timing: the arena reaches its steady size (fresh pages fault once). */
const WARMUP = 60;

let seed = 7;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const ids = tensor(Int32Array.from({ length: B * L }, () => Math.floor(rand() * V)), {
  shape: [B * L],
});
const offsets = tensor(Int32Array.from({ length: B }, (_, i) => i * L), { shape: [B] });
const y = tensor(Int32Array.from({ length: B }, () => Math.floor(rand() * C)), { shape: [B] });
const bound = (n: number) => 1 / Math.sqrt(n);
const params = {
  emb: randUniform([V, D], { low: -1, high: 1, seed: 1 }),
  w1: randUniform([H, D], { low: -bound(D), high: bound(D), seed: 2 }),
  b1: randUniform([H], { low: -bound(D), high: bound(D), seed: 3 }),
  w2: randUniform([C, H], { low: -bound(H), high: bound(H), seed: 4 }),
  b2: randUniform([C], { low: -bound(H), high: bound(H), seed: 5 }),
};
type Params = typeof params;

function loss(p: Params): Tensor<"float32"> {
  const h = embeddingBagForward(p.emb, ids, { offsets, mode: "mean", sparse: true });
  return crossEntropy(linear(relu(linear(h, p.w1, p.b1)), p.w2, p.b2), y);
}

const time = (step: () => Promise<unknown>) => medianMs(step, reps, WARMUP);

for (const t of Object.values(params)) t.requiresGrad = true;
const natural = await time(async () => {
  for (const t of Object.values(params)) t.grad = undefined;
  await loss(params).backward();
});
const compiled = jit(valueAndGrad(loss));
const jitted = await time(() => compiled(params));

async function pytorch(threads: number): Promise<{ torch: string; ms: number }> {
  const args = ["bench/peers/mlp_step_torch.py", String(reps), String(threads)];
  const { stdout } = await new Deno.Command("/usr/bin/python3", { args }).output();
  return JSON.parse(new TextDecoder().decode(stdout));
}
const t1 = await pytorch(1), t2 = await pytorch(2);
const torch = { torch: t1.torch, threads1: t1.ms, threads2: t2.ms };
const ratio = (ms: number) => (torch.threads2 / ms).toFixed(2);
console.log(`mlp-step on ${await cpuModel()}, median of ${reps} steps, same run`);
console.log(
  `PyTorch ${torch.torch}: ${torch.threads2.toFixed(2)} ms (2 threads), ${
    torch.threads1.toFixed(2)
  } ms (1 thread)`,
);
console.log(`Tessera backward(): ${natural.toFixed(2)} ms (${ratio(natural)}x PyTorch 2 threads)`);
console.log(
  `Tessera jit(valueAndGrad): ${jitted.toFixed(2)} ms (${ratio(jitted)}x PyTorch 2 threads)`,
);
