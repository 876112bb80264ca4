/**
 * What `Embedding` and `EmbeddingBag` share: option validation, the table's
 * creation, PyTorch-style `repr` pieces, and the Keras extras.
 */

import { checkRowCount, checkShapeSize } from "../tensor/_sizes.ts";
import { z } from "npm:zod@^4.1.0";
import type { Tensor } from "../tensor/tensor.ts";
import { allocTensor, hostView } from "../tensor/tensor.ts";
import { generatorFor } from "../tensor/random.ts";
import { checkWeight, toTensor } from "../ops/_inputs.ts";
import { KeyedVectors } from "../vectors/keyed_vectors.ts";
import { checkNorms, normalizePadding, parseOptions, seedSchema } from "../ops/_options.ts";
import { describe, type NestedArray } from "../tensor/_nested.ts";
import {
  checkInitialValues,
  fillOf,
  type Initializer,
  type InitializerName,
  resolveInitializer,
} from "./initializers.ts";
import { isRegularizer, type Regularizer } from "./regularizers.ts";
import { type Constraint, isConstraint } from "./constraints.ts";

/**
 * Options both modules accept.
 *
 * @example
 * ```ts
 * import { Embedding, EmbeddingBag, maxNormConstraint, type ModuleOptions } from "@tessera/embed";
 * const shared: ModuleOptions = {
 *   paddingIdx: 0,
 *   embeddingsConstraint: maxNormConstraint({ maxValue: 1 }),
 *   seed: 0,
 * };
 * const tokens = new Embedding(100, 8, shared);
 * const bags = new EmbeddingBag(100, 8, { ...shared, mode: "sum" });
 * console.log(tokens.paddingIdx, bags.paddingIdx); // 0 0
 * ```
 */
export interface ModuleOptions {
  /**
   * Row excluded from gradients (and from bags); zeroed at construction.
   * @default null
   */
  paddingIdx?: number | null;
  /**
   * Renormalise looked-up rows whose norm exceeds this, in place.
   * @default null
   */
  maxNorm?: number | null;
  /**
   * The p of the p-norm for `maxNorm`.
   * @default 2
   */
  normType?: number;
  /**
   * Divide gradients by row frequency in the batch.
   * @default false
   */
  scaleGradByFreq?: boolean;
  /**
   * Gradients are row-sparse.
   * @default false
   */
  sparse?: boolean;
  /**
   * Initial values: a name, or a function. PyTorch's N(0, 1) when absent.
   * @default undefined
   */
  embeddingsInitializer?: InitializerName | Initializer;
  /**
   * Penalty on the whole table, added to the loss by `regularizationLoss()`.
   * @default null
   */
  embeddingsRegularizer?: Regularizer | null;
  /**
   * Penalty on the output, divided by the batch size, from `activityLoss()`.
   * @default null
   */
  activityRegularizer?: Regularizer | null;
  /**
   * Constraint applied to the table by `applyConstraint()`, after each optimizer step.
   * @default null
   */
  embeddingsConstraint?: Constraint | null;
  /**
   * Seed of the initialiser (the global generator when absent).
   * @default undefined
   */
  seed?: number;
  /**
   * An initial `[V, D]` table to use as is (PyTorch's `_weight`).
   * @default undefined
   */
  weight?: Tensor<"float32"> | Float32Array | NestedArray;
}

const fn = z.custom<(...a: never[]) => unknown>((v) => typeof v === "function");
const regularizer = z.custom<Regularizer>(isRegularizer);

/** Zod shape of the shared options. */
export const moduleShape = {
  paddingIdx: z.number().int().nullable().optional(),
  maxNorm: z.custom<number>((v) => typeof v === "number" && !Number.isNaN(v)).nullable().optional(),
  normType: z.custom<number>((v) => typeof v === "number" && !Number.isNaN(v)).optional(),
  scaleGradByFreq: z.boolean().optional(),
  sparse: z.boolean().optional(),
  embeddingsInitializer: z.union([z.string(), fn]).optional(),
  embeddingsRegularizer: regularizer.nullable().optional(),
  activityRegularizer: regularizer.nullable().optional(),
  embeddingsConstraint: z.custom<Constraint>(isConstraint).nullable().optional(),
  seed: seedSchema.optional(),
  weight: z.unknown().optional(),
};

/** Checks `numEmbeddings` and `embeddingDim`. */
export function checkSizes(V: unknown, D: unknown, who: string): void {
  for (const [name, v] of [["numEmbeddings", V], ["embeddingDim", D]] as const) {
    if (typeof v !== "number" || !Number.isInteger(v)) {
      throw new TypeError(`${who}: ${name} is ${describe(v)} but must be an integer`);
    }
    if (v < 0) throw new RangeError(`${who}: ${name} is ${v} but must be non-negative`);
  }
  checkRowCount(V as number, who);
  checkRowCount(D as number, who, "embeddingDim");
  checkShapeSize([V as number, D as number], who, "the table");
}

/** Validated, normalised module options and the table. */
export interface ModuleState {
  readonly weight: Tensor<"float32">;
  readonly paddingIdx: number | null;
  readonly maxNorm: number | null;
  readonly normType: number;
}

/**
 * Builds the table (given, or initialised and with the padding row zeroed)
 * and normalises the options.
 */
export function moduleState(
  V: number,
  D: number,
  o: ModuleOptions,
  zeroPadding: boolean,
  who: string,
): ModuleState {
  const normType = o.normType ?? 2;
  checkNorms(o.maxNorm, normType, who);
  const paddingIdx = normalizePadding(o.paddingIdx, V, who);
  let weight: Tensor<"float32">;
  if (o.weight !== undefined) {
    weight = checkWeight(toTensor(o.weight, "float32", who, "weight"), who);
    if (weight.shape[0] !== V || weight.shape[1] !== D) {
      throw new TypeError(`${who}: weight has shape [${weight.shape}] but must be [${V}, ${D}]`);
    }
  } else {
    const init = resolveInitializer(o.embeddingsInitializer, who);
    // Allocate first: a table past the 4 GiB arena fails at once, before the
    // initializer builds a float64 array twice its size.
    weight = allocTensor([V, D], "float32", who);
    const view = hostView(weight);
    const fill = fillOf(init);
    if (fill !== undefined) fill(view, generatorFor(o.seed), [V, D]); // in place, no copy
    else {
      let values: ArrayLike<number>;
      try {
        values = checkInitialValues(init([V, D], generatorFor(o.seed)), V, D, who);
      } catch (err) {
        weight.dispose();
        throw err;
      }
      view.set(values);
    }
    if (zeroPadding && paddingIdx !== null) view.fill(0, paddingIdx * D, (paddingIdx + 1) * D);
  }
  return { weight, paddingIdx, maxNorm: o.maxNorm ?? null, normType };
}

/** Formats a number like Python's `repr` of a float (`2.0`, `0.5`, `inf`). */
export function pyFloat(x: number): string {
  if (x === Infinity) return "inf";
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/** Set while `fromPretrained` builds a module, so that constructor errors name it. */
let building: string | undefined;

/** The name a module constructor uses in errors: its own, or the `fromPretrained` building it. */
export function constructorName(own: string): string {
  return building ?? own;
}

/**
 * `fromPretrained` for both modules: validates the options and the table
 * (used as is: shared, not copied, no row zeroed), builds the module and
 * sets `requiresGrad` from `freeze` (default true).
 */
export function fromPretrainedTable<M extends { requiresGrad: boolean }>(
  table: unknown,
  options: unknown,
  schema: z.ZodType,
  who: string,
  make: (V: number, D: number, options: Record<string, unknown>) => M,
): M {
  const { freeze = true, ...rest } = parseOptions(schema, options, who) as { freeze?: boolean };
  const source = table instanceof KeyedVectors ? table.vectors : table;
  const weight = toTensor(source, "float32", who, "table");
  if (weight.rank !== 2) {
    throw new TypeError(`${who}: table has shape [${weight.shape}] but must be 2-D`);
  }
  building = who;
  let module: M;
  try {
    module = make(weight.shape[0], weight.shape[1], { ...rest, weight });
  } finally {
    building = undefined;
  }
  module.requiresGrad = !freeze;
  return module;
}
