/**
 * The `mlp-step` workload of the autodiff issue, shared by `bench:mlp` and
 * `bench:mlp:paired`: EmbeddingBag(100000, 64, mean, sparse) → Linear(64,
 * 256) → ReLU → Linear(256, 10) → crossEntropy, 512 bags × 20 ids, forward +
 * backward, written as users write it: PyTorch style (`requiresGrad`,
 * `backward()`, grads reset each step) and `jit(valueAndGrad(f))`.
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

const V = 100000, D = 64, H = 256, C = 10, B = 512, L = 20;

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

for (const t of Object.values(params)) t.requiresGrad = true;
const natural = () => {
  for (const t of Object.values(params)) t.grad = undefined;
  return loss(params).backward();
};
const compiled = jit(valueAndGrad(loss));

/** The two ways to write the step, by the name the benchmarks print. */
export const STEPS = {
  "backward()": natural,
  "jit(valueAndGrad)": () => compiled(params),
} as const;
export type StepName = keyof typeof STEPS;
