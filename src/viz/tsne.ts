/**
 * `tsne()`: t-distributed stochastic neighbour embedding, sklearn 1.2's `TSNE`.
 *
 * @module
 */

import { tensor } from "../tensor/creation.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { gradientDescent, type Objective, type Stepper } from "./_gradient_descent.ts";
import { type MatrixLike, toMatrix } from "./_matrix.ts";
import { parseVizOptions, tsneSchema } from "./_options.ts";
import { barnesHutGradient, BarnesHutState, exactGradient } from "./_tsne_gradient.ts";
import { type Affinities, affinities, initialEmbedding } from "./_tsne_setup.ts";
import { ParallelAffinities } from "./_parallel_affinities.ts";
import { ParallelForces, spawnWorkers } from "./_tsne_parallel.ts";
import { releaseWorkers } from "./_force_workers.ts";
import { WasmStepper } from "./_wasm_step.ts";

/**
 * What `tsne()`'s `onProgress` receives, every 50 iterations.
 *
 * @example
 * ```ts
 * import { tsne, type TsneProgress } from "@tessera/embed";
 * const seen: TsneProgress[] = [];
 * const x = Array.from({ length: 20 }, (_, i) => [i % 5, Math.floor(i / 5), (i * 7) % 3]);
 * await tsne(x, { perplexity: 5, nIter: 250, onProgress: (p) => seen.push(p) });
 * console.log(seen.map((p) => p.iteration)); // [49, 99, 149, 199, 249]
 * ```
 */
export interface TsneProgress {
  /** Index of the iteration just done (0-based, as sklearn's verbose output). */
  iteration: number;
  /** The iteration budget (`nIter`). */
  nIter: number;
  /** KL divergence at this iteration (with the exaggerated P while `exaggerated`). */
  klDivergence: number;
  /** Norm of the gain-scaled gradient. */
  gradNorm: number;
  /** True during the early-exaggeration phase (the first 250 iterations). */
  exaggerated: boolean;
}

/**
 * Options of `tsne()`, with sklearn 1.2's defaults.
 *
 * @example
 * ```ts
 * import type { TsneOptions } from "@tessera/embed";
 * const options: TsneOptions = { perplexity: 10, seed: 1, method: "exact" };
 * console.log(options.method); // "exact"
 * ```
 */
export interface TsneOptions {
  /** Dimension of the embedding (Barnes-Hut allows at most 3). @default 2 */
  nComponents?: number;
  /** Effective number of neighbours of each point; must be below n. @default 30 */
  perplexity?: number;
  /** Factor on P during the first 250 iterations. @default 12 */
  earlyExaggeration?: number;
  /** Step size; `"auto"` is `max(n / earlyExaggeration / 4, 50)`. @default "auto" */
  learningRate?: number | "auto";
  /** Iterations in all, in [250, 2^31 - 1]. @default 1000 */
  nIter?: number;
  /** Stop after this many iterations without a lower KL (checked every 50). @default 300 */
  nIterWithoutProgress?: number;
  /** Stop when the gradient's norm falls to this. @default 1e-7 */
  minGradNorm?: number;
  /** `"pca"`, `"random"` (seeded) or a `[n, nComponents]` matrix. @default "pca" */
  init?: "pca" | "random" | MatrixLike;
  /** Seed of the `"random"` init. @default the global generator (see `manualSeed`) */
  seed?: number;
  /** `"barnesHut"` (O(n log n) per iteration) or `"exact"` (O(n²)). @default "barnesHut" */
  method?: "barnesHut" | "exact";
  /** Barnes-Hut's opening angle θ: a cell is summarised when its width / distance < θ. @default 0.5 */
  angle?: number;
  /** Called every 50 iterations. */
  onProgress?: (progress: TsneProgress) => void;
  /**
   * Threads computing Barnes-Hut forces: the calling thread plus `workers − 1`
   * Workers (results are identical for any count).
   * @default `navigator.hardwareConcurrency` (at most 8) from 1,000 points, else 1
   */
  workers?: number;
}

/**
 * What `tsne()` returns.
 *
 * @example
 * ```ts
 * import { tsne, type TsneResult } from "@tessera/embed";
 * const x = Array.from({ length: 12 }, (_, i) => [i, i % 3, (i * 5) % 7]);
 * const result: TsneResult = await tsne(x, { perplexity: 3, nIter: 300 });
 * console.log(result.embedding.shape, result.iterations); // [12, 2] 300
 * ```
 */
export interface TsneResult {
  /** The embedding, `[n, nComponents]`. */
  embedding: Tensor<"float32">;
  /** KL(P‖Q) at the last iteration (sklearn's `kl_divergence_`). */
  klDivergence: number;
  /** Iterations run (sklearn's `n_iter_ + 1`). */
  iterations: number;
  /** The learning rate used (resolves `"auto"`). */
  learningRate: number;
}

const EXPLORATION_N_ITER = 250;

/**
 * Embeds `x` in 2-D (or `nComponents`-D) with t-SNE, following sklearn 1.2's
 * `TSNE` step for step: perplexity-calibrated Gaussian affinities (over the
 * `⌊3·perplexity + 1⌋` exact nearest neighbours for Barnes-Hut), Student-t
 * similarities with `max(nComponents − 1, 1)` degrees of freedom, 250
 * iterations of early exaggeration at momentum 0.5, then momentum 0.8, with
 * sklearn's gains, checks and stopping rules. Same data and init give the same
 * embedding up to floating-point rounding.
 *
 * @example
 * ```ts
 * import { trustworthiness, tsne } from "@tessera/embed";
 * // Three tight clusters in 5-D.
 * const x = Array.from({ length: 60 }, (_, i) =>
 *   Array.from({ length: 5 }, (_, j) => (j === i % 3 ? 10 : 0) + Math.sin(i * 7 + j)));
 * const { embedding, klDivergence } = await tsne(x, { perplexity: 10 });
 * console.log(embedding.shape, klDivergence > 0); // [60, 2] true
 * console.log(trustworthiness(x, embedding, { nNeighbors: 5 }) > 0.9); // true
 * ```
 *
 * @param x The data, `[n, d]`.
 * @param options Perplexity, exaggeration, learning rate, iterations, init, method, progress.
 * @returns The embedding, the final KL divergence and the iterations run.
 * @throws {TypeError} If `x` or `init` is not a matrix of numbers, or for an unknown option.
 * @throws {RangeError} For an option out of range (e.g. `perplexity` not below n) or a non-finite value.
 */
export async function tsne(x: MatrixLike, options: TsneOptions = {}): Promise<TsneResult> {
  const who = "tsne()";
  const o = parseVizOptions(tsneSchema, options, who);
  const m = toMatrix(x, who);
  const n = m.rows;
  const dim = o.nComponents ?? 2, perplexity = o.perplexity ?? 30;
  const exaggeration = o.earlyExaggeration ?? 12, nIter = o.nIter ?? 1000;
  const method = o.method ?? "barnesHut", angle = o.angle ?? 0.5;
  const range = (ok: boolean, name: string, value: unknown, must: string) => {
    if (!ok) throw new RangeError(`${who}: ${name} is ${value} but must be ${must}`);
  };
  range(dim >= 1, "nComponents", dim, "at least 1");
  range(
    method !== "barnesHut" || dim <= 3,
    "nComponents",
    dim,
    'at most 3 with method "barnesHut"',
  );
  range(perplexity > 0, "perplexity", perplexity, "positive");
  range(perplexity < n, "perplexity", perplexity, `less than the number of rows (${n})`);
  range(exaggeration >= 1, "earlyExaggeration", exaggeration, "at least 1");
  range(
    nIter >= EXPLORATION_N_ITER && nIter <= 2 ** 31 - 1,
    "nIter",
    nIter,
    `in [${EXPLORATION_N_ITER}, 2^31 - 1]`,
  );
  range(angle >= 0 && angle <= 1, "angle", angle, "in [0, 1]");
  const learningRate = o.learningRate === undefined || o.learningRate === "auto"
    ? Math.max(n / exaggeration / 4, 50)
    : o.learningRate;
  range(learningRate > 0, "learningRate", learningRate, "positive");
  const patience = o.nIterWithoutProgress ?? 300, minGradNorm = o.minGradNorm ?? 1e-7;
  range(
    patience >= 1 && patience <= 2 ** 31 - 1,
    "nIterWithoutProgress",
    patience,
    "in [1, 2^31 - 1]",
  );
  range(minGradNorm >= 0, "minGradNorm", minGradNorm, "non-negative");
  range(o.workers === undefined || o.workers >= 1, "workers", o.workers, "at least 1");

  const threads = method === "exact" ? 1 : o.workers ??
    (n >= 1000 ? Math.min(globalThis.navigator?.hardwareConcurrency ?? 1, 8) : 1);
  // The Workers load while this thread computes the init and P; then they take
  // their share of the neighbours and P (while this thread computes the init).
  const workers = spawnWorkers(threads);
  let parallel: ParallelForces | undefined, state: BarnesHutState | undefined;
  try {
    let y: Float64Array, aff: Affinities;
    const setup = workers.length > 0 ? ParallelAffinities.start(m, perplexity, workers) : undefined;
    try {
      y = initialEmbedding(m, dim, o.init ?? "pca", o.seed, who);
      aff = setup
        ? { kind: "barnesHut", p: setup.finish() }
        : affinities(m, perplexity, method === "exact");
    } finally {
      setup?.close();
    }
    const dof = Math.max(dim - 1, 1);
    let objective: Objective | Stepper;
    if (aff.kind === "exact") {
      const scratch = new Float64Array(n * n);
      objective = (p, computeError, grad) =>
        exactGradient(aff.p, p, n, dim, dof, computeError, grad, scratch);
    } else {
      const s = state = new BarnesHutState(n, dim, { threads });
      s.arena.attach(aff.p);
      parallel = s.parallel = await ParallelForces.start(aff.p, s, n, dim, dof, angle, workers);
      objective = s.wasm
        ? new WasmStepper(aff.p, s, angle)
        : (p, computeError, grad) =>
          barnesHutGradient(aff.p, p, n, dim, dof, angle, computeError, grad, s);
    }
    return await optimise(objective, y, aff.kind === "exact" ? aff.p : aff.p.values, {
      n,
      dim,
      nIter,
      exaggeration,
      learningRate,
      patience,
      minGradNorm,
      onProgress: o.onProgress as TsneOptions["onProgress"],
      rescaled: () => state?.arena.roundValues(),
    });
  } finally {
    await (parallel ? parallel.close() : releaseWorkers(workers));
    state?.dispose();
  }
}

/** The two phases of sklearn's `_tsne`: early exaggeration, then the rest. */
async function optimise(
  objective: Objective | Stepper,
  y: Float64Array,
  values: Float64Array,
  o: {
    n: number;
    dim: number;
    nIter: number;
    exaggeration: number;
    learningRate: number;
    patience: number;
    minGradNorm: number;
    onProgress: TsneOptions["onProgress"];
    /** Called after P is scaled in place (the Wasm kernels' float32 copy follows it). */
    rescaled: () => void;
  },
): Promise<TsneResult> {
  const { n, dim, nIter, exaggeration, learningRate, patience, minGradNorm, onProgress } = o;
  const report = (exaggerated: boolean) => (iteration: number, kl: number, gradNorm: number) =>
    onProgress?.({ iteration, nIter, klDivergence: kl, gradNorm, exaggerated });
  const common = { learningRate, minGradNorm };
  for (let t = 0; t < values.length; t++) values[t] *= exaggeration;
  o.rescaled();
  let { error, iteration } = await gradientDescent(objective, y, {
    ...common,
    it: 0,
    nIter: EXPLORATION_N_ITER,
    momentum: 0.5,
    nIterWithoutProgress: EXPLORATION_N_ITER,
    onCheck: report(true),
    // This phase's errors are read only by `onProgress`, or returned when it is the last.
    errors: onProgress !== undefined || nIter <= EXPLORATION_N_ITER,
  });
  for (let t = 0; t < values.length; t++) values[t] /= exaggeration;
  o.rescaled();
  if (nIter > EXPLORATION_N_ITER || iteration < EXPLORATION_N_ITER - 1) {
    ({ error, iteration } = await gradientDescent(objective, y, {
      ...common,
      it: iteration + 1,
      nIter,
      momentum: 0.8,
      nIterWithoutProgress: patience,
      onCheck: report(false),
    }));
  }
  return {
    embedding: tensor(new Float32Array(y), { shape: [n, dim] }) as Tensor<"float32">,
    klDivergence: error,
    iterations: iteration + 1,
    learningRate,
  };
}
