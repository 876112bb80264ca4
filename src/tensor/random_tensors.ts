/**
 * Seeded random tensors: `randn` (PyTorch's default embedding initialiser)
 * and `randUniform` (Keras' default).
 *
 * @module
 */

import { allocTensor, hostView, type Tensor } from "./tensor.ts";
import { checkShape } from "./creation.ts";
import { z } from "npm:zod@^4.1.0";
import { inRange, parseOptions, seedSchema } from "../ops/_options.ts";
import { fillNormal, fillUniform, generatorFor, type Random } from "./random.ts";

/**
 * Options of `randn()`.
 *
 * @example
 * ```ts
 * import { randn, type RandnOptions } from "@tessera/embed";
 * const init: RandnOptions = { mean: 0, std: 0.02, seed: 42 };
 * const a = randn([4, 3], init);
 * const b = randn([4, 3], init);
 * console.log(a.toString() === b.toString()); // true: same seed, same table
 * ```
 */
export interface RandnOptions {
  /**
   * Seed of a private generator; without it the global one (see `manualSeed`) is used.
   * @default undefined
   */
  seed?: number;
  /**
   * Mean of the distribution.
   * @default 0
   */
  mean?: number;
  /**
   * Standard deviation of the distribution.
   * @default 1
   */
  std?: number;
}

/** A tensor filled in place by `fill` (no intermediate arrays). */
function fillRandom(
  shape: readonly number[],
  who: string,
  fill: (g: Random, out: Float32Array) => void,
  seed?: number,
): Tensor<"float32"> {
  const out = allocTensor(checkShape(shape, who), "float32", who);
  fill(generatorFor(seed), hostView(out));
  return out;
}

const finite = z.number().optional();
const randnSchema = z.strictObject({
  seed: seedSchema.optional(),
  mean: finite,
  std: inRange(z.number(), (v) => v >= 0, "must be non-negative").optional(),
});
const randUniformSchema = z.strictObject({
  seed: seedSchema.optional(),
  low: finite,
  high: finite,
});

/**
 * A float32 tensor of normal random numbers (PyTorch's default initialiser for embeddings).
 *
 * @example
 * ```ts
 * import { randn } from "@tessera/embed";
 * const w = randn([10, 3], { seed: 0 });
 * console.log(w.shape); // [10, 3]
 * ```
 *
 * @param shape Size of each dimension.
 * @param options Seed, mean and standard deviation.
 * @returns A realized tensor.
 * @throws {TypeError} For a bad shape or non-finite parameters.
 * @throws {RangeError} For a negative standard deviation.
 */
export function randn(shape: readonly number[], options: RandnOptions = {}): Tensor<"float32"> {
  const who = "randn()";
  const { mean = 0, std = 1, seed } = parseOptions(randnSchema, options, who);
  return fillRandom(shape, who, (g, out) => fillNormal(g, out, mean, std), seed);
}

/**
 * Options of `randUniform()`.
 *
 * @example
 * ```ts
 * import { randUniform, type RandUniformOptions } from "@tessera/embed";
 * const options: RandUniformOptions = { low: -1, high: 1, seed: 0 };
 * const w = randUniform([6, 4], options);
 * console.log(w.dataSync().every((x) => Math.abs(x) <= 1)); // true
 * ```
 */
export interface RandUniformOptions {
  /**
   * Lower bound (inclusive).
   * @default 0
   */
  low?: number;
  /**
   * Upper bound (exclusive).
   * @default 1
   */
  high?: number;
  /**
   * Seed of a private generator; without it the global one is used.
   * @default undefined
   */
  seed?: number;
}

/**
 * A float32 tensor of uniform random numbers in `[low, high)`.
 *
 * @example
 * ```ts
 * import { randUniform } from "@tessera/embed";
 * const w = randUniform([50, 8], { low: -0.05, high: 0.05, seed: 1 }); // Keras' "uniform"
 * console.log(w.shape); // [50, 8]
 * ```
 *
 * @param shape Size of each dimension.
 * @param options Bounds and seed.
 * @returns A realized tensor.
 * @throws {TypeError} For a bad shape or non-finite bounds.
 * @throws {RangeError} When `low > high`.
 */
export function randUniform(
  shape: readonly number[],
  options: RandUniformOptions = {},
): Tensor<"float32"> {
  const who = "randUniform()";
  const { low = 0, high = 1, seed } = parseOptions(randUniformSchema, options, who);
  if (low > high) throw new RangeError(`${who}: low is ${low} but must not exceed high (${high})`);
  return fillRandom(shape, who, (g, out) => fillUniform(g, out, low, high - low), seed);
}
