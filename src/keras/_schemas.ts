/** The option schemas of `Model`'s methods, and `compile`'s checks. */

import { z } from "npm:zod@^4.1.0";
import { describe } from "../tensor/_nested.ts";
import { inRange, parseOptions, seedSchema } from "../ops/_options.ts";
import { Optimizer } from "../optim/optimizer.ts";
import { lossName } from "./_losses.ts";
import { resolveOptimizer } from "./_optimizer.ts";
import type { Compiled } from "./_fit.ts";

const count = inRange(z.number().int(), (n) => n >= 1, "must be at least 1");
const verbose = z.union([z.literal(0), z.literal(1), z.literal(2)]);
const HOOKS = [
  "onTrainBegin",
  "onTrainEnd",
  "onEpochBegin",
  "onEpochEnd",
  "onBatchBegin",
  "onBatchEnd",
];

/** An object whose hooks, where present, are functions. */
function isCallback(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return false;
  const hooks = v as Record<string, unknown>;
  return HOOKS.every((h) => hooks[h] === undefined || typeof hooks[h] === "function");
}

/** What each option must be, for messages. */
export const EXPECTED = {
  epochs: "an integer",
  batchSize: "an integer",
  shuffle: "a boolean",
  validationSplit: "a number",
  validationData: "[x, y]",
  verbose: "0, 1 or 2",
  callbacks: "an array of objects whose hooks (onEpochEnd, ...) are functions",
  seed: "an integer",
  metrics: 'an array of "accuracy" or "acc"',
};
const compileSchema = z.strictObject({
  optimizer: z.unknown(),
  loss: z.unknown(),
  metrics: z.array(z.enum(["accuracy", "acc"])).optional(),
});
/** `fit`'s options. */
export const fitSchema = z.strictObject({
  epochs: inRange(
    z.number().int(),
    (n) => n >= 0 && n <= 2 ** 31 - 1,
    "must lie in [0, 2^31 - 1]",
  ).optional(),
  batchSize: count.optional(),
  shuffle: z.boolean().optional(),
  validationSplit: inRange(z.number(), (f) => f >= 0 && f < 1, "must lie in [0, 1)").optional(),
  validationData: z.tuple([z.unknown(), z.unknown()]).optional(),
  verbose: verbose.optional(),
  callbacks: z.array(z.custom<Record<string, unknown>>(isCallback)).optional(),
  seed: seedSchema.optional(),
});
/** `evaluate`'s options. */
export const evaluateSchema = z.strictObject({
  batchSize: count.optional(),
  verbose: verbose.optional(),
});
/** `predict`'s options. */
export const predictSchema = z.strictObject({ batchSize: count.optional() });

/** `compile`'s options, checked: the loss resolved, the optimizer name known. */
export function parseCompile(options: unknown, who: string): Omit<Compiled, "stepper"> {
  const o = parseOptions(compileSchema, options, who, EXPECTED);
  if (typeof o.loss !== "function" && typeof o.loss !== "string") {
    throw new TypeError(
      `${who}: loss is ${describe(o.loss)} but must be a loss name or a function`,
    );
  }
  const loss = typeof o.loss === "function" ? o.loss : lossName(o.loss, who);
  if (!(o.optimizer instanceof Optimizer) && o.optimizer !== "adam" && o.optimizer !== "sgd") {
    resolveOptimizer(o.optimizer, () => [], who); // throws the error naming compile()
  }
  return { loss: loss as Compiled["loss"], metric: o.metrics?.[0] ?? null, optimizer: o.optimizer };
}
