/**
 * Option schemas (zod) shared by the ops, and the translation of zod issues
 * into Tessera's errors: a `TypeError` for a wrong kind of value or an
 * unknown option, a `RangeError` for a value out of range, each naming the
 * function, the option and its value.
 */

import { z } from "npm:zod@^4.1.0";
import { describe, errorText } from "../tensor/_nested.ts";
import { Tensor } from "../tensor/tensor.ts";
import { checkHoles, safeParseGuarded } from "./_option_guards.ts";
import { describeKey, readEntries } from "./_read_list.ts";
import { remember, remembered, tensorLikeField } from "./_option_memo.ts";

/** A number that is not NaN (Infinity allowed). */
const anyNumber = z.custom<number>((v) => typeof v === "number" && !Number.isNaN(v));
/** Whether a value is something a tensor-valued option accepts; checked in detail by the op. */
export function isTensorLike(v: unknown): boolean {
  try {
    return v !== null && typeof v === "object" &&
      (ArrayBuffer.isView(v) || Array.isArray(v) || "shape" in v);
  } catch {
    return false; // A revoked Proxy.
  }
}
/** A tensor-valued option: `null`, absent, or what `isTensorLike()` accepts (see `_option_memo.ts`). */
const tensorOption = tensorLikeField(
  z.custom<unknown>(isTensorLike).nullable().optional(),
  isTensorLike,
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
  seed: "a safe integer",
  // Creation, random tensors and initialisers.
  shape: "an array of non-negative integers",
  dtype: '"float32" or "int32"',
  mean: "a finite number",
  std: "a finite number",
  stddev: "a finite number",
  low: "a finite number",
  high: "a finite number",
  minval: "a finite number",
  maxval: "a finite number",
  // Regularizers and constraints.
  l1: "a finite number",
  l2: "a finite number",
  maxValue: "a positive number or Infinity",
  axis: '"row" or "column"',
  // Backend.
  kernels: '"auto", "wasm" or "js"',
  executor: '"auto", "workers" or "inline"',
  workers: "an integer from 1 to 64",
  inlineBelow: '"auto", a non-negative number or Infinity',
  fma: '"auto", "on" or "off"',
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
  offsets: tensorOption,
  perSampleWeights: tensorOption,
  includeLastOffset: z.boolean().optional(),
});

/** `embeddingBagForward()`'s options once parsed. */
export type ParsedBagOptions = z.infer<typeof bagSchema>;

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
  offsets: tensorOption,
  perSampleWeights: tensorOption,
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
  if (hit) return ` (did you mean ${hit}?)`;
  return known.length > 0 ? ` (known options: ${known.join(", ")})` : " (it takes no options)";
}

/** Prefix of a refinement's message that makes its failure a `RangeError`. */
const RANGE = "range:";

/**
 * Adds a range check to a schema: a value of the right kind for which `ok`
 * is false is a `RangeError` saying `${name} is ${value} but ${text}`.
 */
export function inRange<T extends z.ZodType>(
  schema: T,
  ok: (value: z.infer<T>) => boolean,
  text: string,
): T {
  return schema.refine(ok, { message: RANGE + text }) as unknown as T;
}

/** A number that is not NaN (±Infinity allowed). */
export const numberOrInfinity = anyNumber;

/** A seed: a safe integer (equal seeds give equal streams). */
export const seedSchema = z.number().int();

/**
 * Reads an options object once, for entry points that validate its values
 * themselves: `undefined` is `{}`; anything but a plain object (including a
 * revoked Proxy or one whose keys throw) is a `TypeError` naming `who`.
 */
export function readOptions(options: unknown, who: string): Record<string, unknown> {
  if (options === undefined) return Object.create(null);
  if (options === null || typeof options !== "object" || isData(options)) {
    throw new TypeError(`${who}: options is ${describe(options)} but must be an object`);
  }
  return snapshot(options, who);
}

/**
 * Copies the own enumerable string-keyed properties of an options object
 * into a null-prototype record, reading each once (so getters run once and a
 * Proxy cannot answer differently later).
 */
function snapshot(options: object, who: string): Record<string, unknown> {
  let proto: unknown;
  try {
    proto = Object.getPrototypeOf(options);
  } catch (err) {
    throw new TypeError(`${who}: options could not be read (${errorText(err)})`);
  }
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError(`${who}: options is ${describe(options)} but must be a plain object`);
  }
  const copy: Record<string, unknown> = Object.create(null);
  for (const [key, value] of readEntries(options, who, "options")) copy[key] = value;
  return copy;
}

/** Whether options are array or tensor data (offsets passed where options go); never throws. */
function isData(value: object): boolean {
  try {
    return isArray(value) || ArrayBuffer.isView(value) || value instanceof Tensor;
  } catch {
    return false; // a hostile Proxy: the checks below report it
  }
}

/**
 * Parses an options object with a schema; the one validation path of every
 * public entry point. `undefined` means `{}`; anything but a plain object
 * (null, numbers, strings, arrays, functions, class instances) is a
 * `TypeError`, as is an unknown option (with a "did you mean" hint for
 * snake_case names) or a value of the wrong kind; a value of the right kind
 * out of range (see `inRange`) is a `RangeError`.
 *
 * @throws {TypeError} For a non-object, an unknown option or a value of the wrong kind.
 * @throws {RangeError} For a value out of range.
 */
export function parseOptions<T extends z.ZodType>(
  schema: T,
  options: unknown,
  who: string,
  expected: Readonly<Record<string, string>> = {},
): z.infer<T> {
  if (options === undefined) options = {};
  const data = options !== null && typeof options === "object" && isData(options);
  if (options === null || typeof options !== "object" || data) {
    const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
    const hint = data && shape !== undefined && "offsets" in shape
      ? " (pass offsets as { offsets })"
      : "";
    throw new TypeError(`${who}: options is ${describe(options)} but must be an object${hint}`);
  }
  const copy = snapshot(options, who);
  const want = (name: string) => expected[name] ?? EXPECTED[name] ?? "valid";
  checkHoles(schema, copy, who, want);
  const known = remembered(schema, copy);
  if (known !== undefined) return known as z.infer<T>;
  const result = safeParseGuarded(schema, copy, who);
  if (result.success) {
    remember(schema, copy, result.data);
    return result.data;
  }
  const issue = result.error.issues[0];
  if (issue.code === "unrecognized_keys") {
    const known = Object.keys((schema as unknown as z.ZodObject).shape);
    const key = issue.keys[0];
    throw new TypeError(`${who}: unknown option ${describeKey(key)}${suggest(key, known)}`);
  }
  const name = String(issue.path[0]);
  const value = copy[name];
  const shown = value === undefined ? "missing" : describe(value);
  if (issue.code === "custom" && issue.message.startsWith(RANGE)) {
    throw new RangeError(`${who}: ${name} is ${shown} but ${issue.message.slice(RANGE.length)}`);
  }
  throw new TypeError(`${who}: ${name} is ${shown} but must be ${want(name)}`);
}

/** `Array.isArray`, false for a revoked Proxy (which `describe` then names). */
function isArray(value: unknown): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return true;
  }
}

/** An option name as typed, quoted when it is not an identifier. */

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
