/**
 * Option schemas of the projections and pictures, parsed with the ops'
 * `parseOptions` (unknown or snake_case names get a "did you mean" hint).
 */

import { z } from "npm:zod@^4.1.0";
import { parseOptions } from "../ops/_options.ts";

/** What each option must be, for messages. */
const EXPECTED: Record<string, string> = {
  nComponents: "a positive integer",
  perplexity: "a positive number",
  earlyExaggeration: "a number of at least 1",
  learningRate: 'a positive number or "auto"',
  nIter: "an integer in [250, 2^31 - 1]",
  nIterWithoutProgress: "a positive integer",
  minGradNorm: "a non-negative number",
  init: '"pca", "random" or a [n, nComponents] matrix',
  seed: "a number",
  method: '"barnesHut" or "exact"',
  angle: "a number in [0, 1]",
  onProgress: "a function",
  workers: "a positive integer",
  nNeighbors: "a positive integer",
  labels: "an array of strings",
  groups: "an array of strings or numbers",
  width: "a positive number",
  height: "a positive number",
  title: "a string",
  fontSize: "a positive number",
  pointRadius: "a positive number",
  margin: "a non-negative number",
  palette: "an array of CSS colours",
  legend: "a boolean",
  leaderLines: "a boolean",
  tsne: "t-SNE options, or false",
  neighbors: "a positive integer",
};

const num = z.custom<number>((v) => typeof v === "number" && !Number.isNaN(v));
const int = z.custom<number>((v) => typeof v === "number" && Number.isInteger(v));
const strings = z.custom<readonly string[]>((v) =>
  Array.isArray(v) && v.every((s) => typeof s === "string")
);
const groupList = z.custom<readonly (string | number)[]>((v) =>
  Array.isArray(v) && v.every((s) => typeof s === "string" || typeof s === "number")
);

/** Options of `pca()`. */
export const pcaSchema = z.strictObject({ nComponents: int.optional() });

const tsneShape = {
  nComponents: int.optional(),
  perplexity: num.optional(),
  earlyExaggeration: num.optional(),
  learningRate: z.union([num, z.literal("auto")]).optional(),
  nIter: int.optional(),
  nIterWithoutProgress: int.optional(),
  minGradNorm: num.optional(),
  init: z.custom<unknown>((v) =>
    v === "pca" || v === "random" || (v !== null && typeof v === "object")
  )
    .optional(),
  seed: z.number().optional(),
  method: z.enum(["barnesHut", "exact"]).optional(),
  angle: num.optional(),
  onProgress: z.custom<unknown>((v) => typeof v === "function").optional(),
  workers: int.optional(),
};

/** Options of `tsne()`. */
export const tsneSchema = z.strictObject(tsneShape);

/** Options of `trustworthiness()`. */
export const trustSchema = z.strictObject({ nNeighbors: int.optional() });

const pictureShape = {
  labels: strings.optional(),
  groups: groupList.optional(),
  title: z.string().optional(),
  palette: strings.optional(),
};

/** Options of `scatterSvg()`. */
export const scatterSchema = z.strictObject({
  ...pictureShape,
  width: num.optional(),
  height: num.optional(),
  fontSize: num.optional(),
  pointRadius: num.optional(),
  margin: num.optional(),
  legend: z.boolean().optional(),
  leaderLines: z.boolean().optional(),
});

/** Options of `projectorHtml()`. */
export const projectorSchema = z.strictObject({
  ...pictureShape,
  tsne: z.union([z.literal(false), z.record(z.string(), z.unknown())]).optional(),
  neighbors: int.optional(),
});

/** Parses viz options with their messages. */
export function parseVizOptions<T extends z.ZodType>(
  schema: T,
  options: unknown,
  who: string,
): z.infer<T> {
  return parseOptions(schema, options, who, EXPECTED);
}
