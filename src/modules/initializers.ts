/**
 * Table initialisers, as in Keras (`embeddingsInitializer`) and PyTorch.
 *
 * @module
 */

import { isClass } from "../tensor/_describe.ts";
import { z } from "npm:zod@^4.1.0";
import { fillNormal, fillUniform, type Random } from "../tensor/random.ts";
import { describe } from "../tensor/_nested.ts";
import { inRange, parseOptions } from "../ops/_options.ts";

/** Writes an initializer's values straight into a table, in the order it would return them. */
type Fill = (out: Float32Array | Float64Array, g: Random, shape: readonly [number, number]) => void;

const fills = new WeakMap<Initializer, Fill>();

/** An initializer computed by `fill`, which a module uses to fill its table in place. */
function fromFill(fill: Fill): Initializer {
  const init: Initializer = (shape, g) => {
    const out = new Float64Array(shape[0] * shape[1]);
    fill(out, g, shape);
    return out;
  };
  fills.set(init, fill);
  return init;
}

/** The in-place fill of a built-in initializer; `undefined` for a user's own function. */
export function fillOf(init: Initializer): Fill | undefined {
  return fills.get(init);
}

/**
 * Fills a `[rows, cols]` table (row-major) with initial values.
 *
 * @example
 * ```ts
 * import { Embedding, type Initializer } from "@tessera/embed";
 * // N(0, 1/D), a common choice for embeddings tied to an output layer.
 * const scaledNormal: Initializer = ([rows, cols], random) =>
 *   Float64Array.from({ length: rows * cols }, () => random.normal() / Math.sqrt(cols));
 * const e = new Embedding(100, 16, { embeddingsInitializer: scaledNormal, seed: 0 });
 * console.log(e.weight.shape); // [100, 16]
 * ```
 */
export type Initializer = (shape: readonly [number, number], random: Random) => ArrayLike<number>;

/**
 * Initialiser names accepted by modules.
 *
 * @example
 * ```ts
 * import { Embedding, type InitializerName } from "@tessera/embed";
 * const init: InitializerName = "glorotUniform"; // Keras' Embedding default is "uniform"
 * const e = new Embedding(50, 8, { embeddingsInitializer: init, seed: 0 });
 * const limit = Math.fround(Math.sqrt(6 / (50 + 8))); // U(-limit, limit)
 * console.log(e.weight.dataSync().every((x) => Math.abs(x) <= limit)); // true
 * ```
 */
export type InitializerName =
  | "normal"
  | "uniform"
  | "glorotUniform"
  | "glorotNormal"
  | "zeros"
  | "ones"
  | "torch";

const normalSchema = z.strictObject({
  mean: z.number().optional(),
  stddev: inRange(z.number(), (v) => v >= 0, "must be non-negative").optional(),
});
const uniformSchema = z.strictObject({
  minval: z.number().optional(),
  maxval: z.number().optional(),
});

/**
 * Options of `randomNormal`.
 *
 * @example
 * ```ts
 * import { EmbeddingBag, randomNormal, type RandomNormalOptions } from "@tessera/embed";
 * const options: RandomNormalOptions = { mean: 0, stddev: 0.01 };
 * const bag = new EmbeddingBag(20, 4, { embeddingsInitializer: randomNormal(options), seed: 7 });
 * console.log(bag.weight.shape); // [20, 4]
 * ```
 */
export interface RandomNormalOptions {
  /**
   * Mean.
   * @default 0
   */
  mean?: number;
  /**
   * Standard deviation.
   * @default 0.05
   */
  stddev?: number;
}

/**
 * Normal values, Keras' `RandomNormal` (`"normal"`: mean 0, std 0.05).
 *
 * @example
 * ```ts
 * import { Embedding, randomNormal } from "@tessera/embed";
 * const e = new Embedding(4, 2, { embeddingsInitializer: randomNormal({ stddev: 1 }), seed: 3 });
 * console.log(e.weight.shape); // [4, 2]
 * ```
 *
 * @param options Mean and standard deviation.
 * @returns The initialiser.
 * @throws {TypeError} For unknown options or values that are not finite numbers.
 * @throws {RangeError} For a negative `stddev`.
 */
export function randomNormal(options: RandomNormalOptions = {}): Initializer {
  const { mean = 0, stddev = 0.05 } = parseOptions(normalSchema, options, "randomNormal()");
  return fromFill((out, g) => fillNormal(g, out, mean, stddev));
}

/**
 * Options of `randomUniform`.
 *
 * @example
 * ```ts
 * import { Embedding, randomUniform, type RandomUniformOptions } from "@tessera/embed";
 * const options: RandomUniformOptions = { minval: 0, maxval: 0.1 };
 * const e = new Embedding(5, 3, { embeddingsInitializer: randomUniform(options), seed: 0 });
 * console.log(e.weight.dataSync().every((x) => x >= 0 && x <= Math.fround(0.1))); // true
 * ```
 */
export interface RandomUniformOptions {
  /**
   * Lower bound.
   * @default -0.05
   */
  minval?: number;
  /**
   * Upper bound.
   * @default 0.05
   */
  maxval?: number;
}

/**
 * Uniform values, Keras' `RandomUniform` (`"uniform"`: U(-0.05, 0.05), Keras' default).
 *
 * @example
 * ```ts
 * import { Embedding, randomUniform } from "@tessera/embed";
 * const e = new Embedding(4, 2, { embeddingsInitializer: randomUniform({ minval: -1, maxval: 1 }) });
 * console.log(e.weight.shape); // [4, 2]
 * ```
 *
 * @param options Bounds.
 * @returns The initialiser.
 * @throws {TypeError} For unknown options or bounds that are not finite numbers.
 * @throws {RangeError} When `maxval` is not greater than `minval`.
 */
export function randomUniform(options: RandomUniformOptions = {}): Initializer {
  const who = "randomUniform()";
  const { minval = -0.05, maxval = 0.05 } = parseOptions(uniformSchema, options, who);
  if (!(maxval > minval)) {
    throw new RangeError(`${who}: maxval is ${maxval} but must be greater than minval (${minval})`);
  }
  return fromFill((out, g) => fillUniform(g, out, minval, maxval - minval));
}

/** Glorot (Xavier) uniform: U(-l, l) with l = sqrt(6 / (rows + cols)), Keras' fan convention. */
const glorotUniform = fromFill((out, g, [r, c]) => {
  const limit = Math.sqrt(6 / (r + c));
  for (let i = 0; i < out.length; i++) out[i] = limit * (2 * g.uniform() - 1);
});

const glorotNormal = fromFill((out, g, [r, c]) => {
  const std = Math.sqrt(2 / (r + c)) / 0.87962566103423978;
  for (let i = 0; i < out.length; i++) {
    let z = g.normal();
    while (Math.abs(z) > 2) z = g.normal();
    out[i] = std * z;
  }
});

/** The named initialisers, in a null-prototype map (so `"constructor"` is not a name). */
const NAMED: Readonly<Record<InitializerName, Initializer>> = Object.assign(Object.create(null), {
  normal: randomNormal(),
  uniform: randomUniform(),
  glorotUniform,
  glorotNormal,
  zeros: fromFill((out) => out.fill(0)),
  ones: fromFill((out) => out.fill(1)),
  torch: fromFill((out, g) => fillNormal(g, out)),
});

/** Resolves an initialiser option (name or function). */
export function resolveInitializer(
  init: unknown,
  who: string,
  name = "embeddingsInitializer",
): Initializer {
  if (init === undefined) return NAMED.torch;
  if (typeof init === "function" && !isClass(init)) return init as Initializer;
  if (typeof init === "string" && Object.hasOwn(NAMED, init)) {
    return NAMED[init as InitializerName];
  }
  const names = Object.keys(NAMED);
  const flat = (s: string) => s.replace(/_|^random_?/gi, "").toLowerCase();
  const hit = typeof init === "string" ? names.find((n) => flat(n) === flat(init)) : undefined;
  throw new TypeError(
    `${who}: ${name} is ${describe(init)} but must be a function or one of ${names.join(", ")}${
      hit ? ` (did you mean ${hit}?)` : ""
    }`,
  );
}

/**
 * Checks what an initialiser returned: an array or typed array of exactly
 * `rows · cols` numbers (NaN and ±Infinity are numbers, kept as in `tensor()`).
 *
 * @throws {TypeError} Otherwise, naming the module.
 */
export function checkInitialValues(
  values: unknown,
  rows: number,
  cols: number,
  who: string,
): ArrayLike<number> {
  const want = rows * cols;
  const fail = (what: string) =>
    new TypeError(
      `${who}: the initializer returned ${what} but must return ${want} numbers ` +
        `(an array or a Float32Array, Float64Array or Int32Array) for the [${rows}, ${cols}] table`,
    );
  const typed = values instanceof Float32Array || values instanceof Float64Array ||
    values instanceof Int32Array;
  let plain = false;
  try {
    plain = Array.isArray(values);
  } catch {
    // A revoked Proxy.
  }
  if (!typed && !plain) throw fail(describe(values));
  const list = values as ArrayLike<unknown>;
  if (list.length !== want) throw fail(`${list.length} values`);
  if (plain) {
    for (let i = 0; i < want; i++) {
      if (typeof list[i] !== "number") throw fail(`${describe(list[i])} at [${i}]`);
    }
  }
  return list as ArrayLike<number>;
}
