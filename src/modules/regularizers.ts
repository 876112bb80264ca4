/**
 * Penalties added to the loss, as in Keras: `l1`, `l2`, `l1l2`.
 *
 * @module
 */

import { readList } from "../ops/_read_list.ts";
import { z } from "npm:zod@^4.1.0";
import { describe } from "../tensor/_nested.ts";
import { inRange, parseOptions } from "../ops/_options.ts";

/**
 * A penalty on a tensor's values and its gradient.
 *
 * @example
 * ```ts
 * import { Embedding, type Regularizer } from "@tessera/embed";
 * const towardsOne: Regularizer = { // 0.1 · Σ(x - 1)²
 *   name: "towardsOne(0.1)",
 *   penalty: (xs) => Array.from(xs).reduce((sum, x) => sum + 0.1 * (x - 1) ** 2, 0),
 *   addGradient(xs, out, scale = 1) {
 *     for (let i = 0; i < xs.length; i++) out[i] += scale * 0.2 * (xs[i] - 1);
 *   },
 * };
 * const e = new Embedding(2, 2, { weight: [[1, 1], [1, 3]], embeddingsRegularizer: towardsOne });
 * console.log(e.regularizationLoss()); // 0.4
 * ```
 */
export interface Regularizer {
  /** Name for printouts, e.g. `l2(0.01)`. */
  readonly name: string;
  /** The penalty of the values. */
  penalty(values: ArrayLike<number>): number;
  /** Adds `scale` times the penalty's gradient to `out`. */
  addGradient(values: ArrayLike<number>, out: Float32Array, scale?: number): void;
}

const factorSchema = inRange(z.number(), (v) => v >= 0, "must be non-negative").optional();
const l1l2Schema = z.strictObject({ l1: factorSchema, l2: factorSchema });

/**
 * The values a penalty reads: a float/int32 typed array as it is, or a copy
 * of an array of numbers (each element read once).
 */
function valuesOf(values: unknown, who: string): ArrayLike<number> {
  const typed = values instanceof Float32Array || values instanceof Float64Array ||
    values instanceof Int32Array;
  if (typed) return values;
  if (!Array.isArray(values)) {
    throw new TypeError(
      `${who}: values is ${describe(values)} but must be an array or a Float32Array`,
    );
  }
  const read = readList(values, who, "values", "must be a number");
  for (const [i, v] of read.entries()) {
    if (typeof v !== "number") {
      throw new TypeError(`${who}: values[${i}] is ${describe(v)} but must be a number`);
    }
  }
  return read as number[];
}

function check(factor: unknown, name: string, who: string): asserts factor is number {
  if (typeof factor !== "number" || !Number.isFinite(factor)) {
    throw new TypeError(`${who}: ${name} is ${describe(factor)} but must be a finite number`);
  }
  if (factor < 0) throw new RangeError(`${who}: ${name} is ${factor} but must be non-negative`);
}

/**
 * Options of `l1l2`.
 *
 * @example
 * ```ts
 * import { Embedding, l1l2, type L1L2Options } from "@tessera/embed";
 * const options: L1L2Options = { l1: 1e-5, l2: 1e-4 };
 * const e = new Embedding(10, 4, { embeddingsRegularizer: l1l2(options), seed: 0 });
 * console.log(e.embeddingsRegularizer?.name); // "l1l2(l1=0.00001, l2=0.0001)"
 * console.log(e.regularizationLoss() > 0); // true
 * ```
 */
export interface L1L2Options {
  /**
   * Factor of the sum of absolute values.
   * @default 0
   */
  l1?: number;
  /**
   * Factor of the sum of squares.
   * @default 0
   */
  l2?: number;
}

/**
 * `l1 · Σ|x| + l2 · Σx²` (Keras' `L1L2`; no ½ on the squares).
 *
 * @example
 * ```ts
 * import { l1l2 } from "@tessera/embed";
 * console.log(l1l2({ l1: 0.5, l2: 0.25 }).penalty([1, -2])); // 0.5*3 + 0.25*5 = 2.75
 * ```
 *
 * @param options The two factors.
 * @returns The regularizer.
 * @throws {TypeError} For unknown options or factors that are not finite numbers.
 * @throws {RangeError} For negative factors.
 */
export function l1l2(options: L1L2Options = {}): Regularizer {
  const { l1 = 0, l2 = 0 } = parseOptions(l1l2Schema, options, "l1l2()");
  return {
    name: l1 && l2 ? `l1l2(l1=${l1}, l2=${l2})` : l1 ? `l1(${l1})` : `l2(${l2})`,
    penalty(given) {
      const values = valuesOf(given, "Regularizer.penalty()");
      let a = 0, s = 0;
      for (let i = 0; i < values.length; i++) {
        a += Math.abs(values[i]);
        s += values[i] * values[i];
      }
      return l1 * a + l2 * s;
    },
    addGradient(given, out, scale = 1) {
      const who = "Regularizer.addGradient()";
      const values = valuesOf(given, who);
      if (!(out instanceof Float32Array) || out.length !== values.length) {
        throw new TypeError(
          `${who}: out is ${
            describe(out)
          } but must be a Float32Array as long as values (${values.length})`,
        );
      }
      if (typeof scale !== "number" || Number.isNaN(scale)) {
        throw new TypeError(`${who}: scale is ${describe(scale)} but must be a number`);
      }
      for (let i = 0; i < values.length; i++) {
        out[i] += scale * (l1 * Math.sign(values[i]) + 2 * l2 * values[i]);
      }
    },
  };
}

/**
 * `factor · Σ|x|` (Keras' `L1`, default factor 0.01).
 *
 * @example
 * ```ts
 * import { l1 } from "@tessera/embed";
 * console.log(l1(0.1).penalty([1, -2])); // 0.30000000000000004
 * ```
 *
 * @param factor The factor.
 * @returns The regularizer.
 * @throws {TypeError} For a factor that is not a finite number.
 * @throws {RangeError} For a negative factor.
 */
export function l1(factor = 0.01): Regularizer {
  check(factor, "factor", "l1()");
  return l1l2({ l1: factor });
}

/**
 * `factor · Σx²` (Keras' `L2`, default factor 0.01).
 *
 * @example
 * ```ts
 * import { l2 } from "@tessera/embed";
 * console.log(l2(0.5).penalty([1, -2])); // 2.5
 * ```
 *
 * @param factor The factor.
 * @returns The regularizer.
 * @throws {TypeError} For a factor that is not a finite number.
 * @throws {RangeError} For a negative factor.
 */
export function l2(factor = 0.01): Regularizer {
  check(factor, "factor", "l2()");
  return l1l2({ l2: factor });
}

/** Whether a value has the regularizer interface (name, penalty, addGradient). */
export function isRegularizer(value: unknown): value is Regularizer {
  try {
    const r = value as Regularizer;
    return value !== null && typeof value === "object" && typeof r.name === "string" &&
      typeof r.penalty === "function" && typeof r.addGradient === "function";
  } catch {
    return false; // A throwing getter or a revoked Proxy.
  }
}
