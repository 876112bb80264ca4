/**
 * Option schemas (zod) shared by the ops, and the translation of zod issues
 * into Tessera's errors: a `TypeError` for a wrong kind of value or an
 * unknown option, a `RangeError` for a value out of range, each naming the
 * function, the option and its value.
 */

import { z } from "zod";
import { describe } from "../tensor/_nested.ts";

/** A number that is not NaN (Infinity allowed). */
const anyNumber = z.custom<number>((v) => typeof v === "number" && !Number.isNaN(v));
/** Something a tensor-valued option accepts; checked in detail by the op. */
const tensorLike = z.custom<unknown>((v) =>
  v !== null && typeof v === "object" && (ArrayBuffer.isView(v) || Array.isArray(v) || "shape" in v)
);

/** What each option must be, for messages. */
const EXPECTED: Record<string, string> = {
  paddingIdx: "an integer or null",
  maxNorm: "a positive number or null",
  normType: "a positive number or Infinity",
  scaleGradByFreq: "a boolean",
  sparse: "a boolean",
  coalesce: "a boolean",
  mode: '"sum", "mean" or "max"',
  offsets: "a 1-D int32 tensor, Int32Array or array of integers",
  perSampleWeights: "a float32 tensor, Float32Array or array of numbers",
  includeLastOffset: "a boolean",
  numEmbeddings: "a non-negative integer",
  // Module options (Embedding, EmbeddingBag).
  embeddingsInitializer: "an initializer name or a function",
  embeddingsRegularizer: "a regularizer (e.g. l2(0.01)) or null",
  activityRegularizer: "a regularizer (e.g. l2(0.01)) or null",
  embeddingsConstraint: "a constraint (e.g. maxNormConstraint()) or null",
  seed: "a number",
  maskZero: "a boolean",
  freeze: "a boolean",
};

const common = {
  paddingIdx: z.number().int().nullable().optional(),
  maxNorm: anyNumber.nullable().optional(),
  normType: anyNumber.optional(),
  scaleGradByFreq: z.boolean().optional(),
  sparse: z.boolean().optional(),
};

/** Options of `embeddingForward`. */
export const lookupSchema = z.strictObject(common);

/** Options of `embeddingBagForward`. */
export const bagSchema = z.strictObject({
  ...common,
  mode: z.enum(["sum", "mean", "max"]).optional(),
  offsets: tensorLike.nullable().optional(),
  perSampleWeights: tensorLike.nullable().optional(),
  includeLastOffset: z.boolean().optional(),
});

/** Options of `embeddingGrad`. */
export const lookupGradSchema = z.strictObject({
  numEmbeddings: z.number().int(),
  paddingIdx: common.paddingIdx,
  scaleGradByFreq: common.scaleGradByFreq,
  sparse: common.sparse,
  coalesce: z.boolean().optional(),
});

/** Options of `embeddingBagGrad`. */
export const bagGradSchema = z.strictObject({
  mode: z.enum(["sum", "mean", "max"]).optional(),
  offsets: tensorLike.nullable().optional(),
  perSampleWeights: tensorLike.nullable().optional(),
  includeLastOffset: z.boolean().optional(),
  paddingIdx: common.paddingIdx,
  scaleGradByFreq: common.scaleGradByFreq,
  sparse: common.sparse,
  coalesce: z.boolean().optional(),
});

/** Closest known option name to a mistyped one (e.g. `padding_idx` → `paddingIdx`). */
function suggest(key: string, known: string[]): string {
  const flat = (s: string) => s.replace(/_/g, "").toLowerCase();
  const hit = known.find((k) => flat(k) === flat(key));
  return hit ? ` (did you mean ${hit}?)` : ` (known options: ${known.join(", ")})`;
}

/**
 * Parses options with a schema; throws Tessera's errors on failure. `expected`
 * says what each option must be, for messages (the ops' table by default).
 *
 * @throws {TypeError} For an unknown option or a value of the wrong kind.
 */
export function parseOptions<T extends z.ZodType>(
  schema: T,
  options: unknown,
  who: string,
  expected: Record<string, string> = EXPECTED,
): z.infer<T> {
  if (options === undefined) options = {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${who}: options is ${describe(options)} but must be an object`);
  }
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue.code === "unrecognized_keys") {
    const known = Object.keys((schema as unknown as z.ZodObject).shape);
    const key = issue.keys[0];
    throw new TypeError(`${who}: unknown option ${key}${suggest(key, known)}`);
  }
  const name = String(issue.path[0]);
  const value = (options as Record<string, unknown>)[name];
  const shown = value === undefined ? "missing" : describe(value);
  throw new TypeError(`${who}: ${name} is ${shown} but must be ${expected[name] ?? "valid"}`);
}

/** Checks the max-norm options' ranges (after parsing). */
export function checkNorms(
  maxNorm: number | null | undefined,
  normType: number,
  who: string,
): void {
  if (maxNorm !== null && maxNorm !== undefined && !(maxNorm > 0)) {
    throw new RangeError(`${who}: maxNorm is ${maxNorm} but must be greater than 0`);
  }
  if (!(normType > 0)) {
    throw new RangeError(`${who}: normType is ${normType} but must be greater than 0`);
  }
}

/**
 * Normalises `paddingIdx` against the table size: negative values count from
 * the end, as in PyTorch.
 *
 * @throws {RangeError} Outside `[-V, V)`.
 */
export function normalizePadding(
  paddingIdx: number | null | undefined,
  V: number,
  who: string,
): number | null {
  if (paddingIdx === null || paddingIdx === undefined) return null;
  if (paddingIdx < -V || paddingIdx >= V) {
    throw new RangeError(
      `${who}: paddingIdx is ${paddingIdx} but must lie in [-${V}, ${V}) for numEmbeddings ${V}`,
    );
  }
  return paddingIdx < 0 ? V + paddingIdx : paddingIdx;
}
