/**
 * `padSequences`: Keras' `pad_sequences`, into a tensor.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import type { DType } from "../graph/node.ts";
import { describe } from "../tensor/_nested.ts";
import { allocTensor, hostView, type Tensor } from "../tensor/tensor.ts";
import { checkCount, parseTextOptions } from "./_options.ts";

/**
 * Options of `padSequences` (Keras' names, camelCased; `maxlen` is one word there).
 *
 * @example
 * ```ts
 * import { padSequences, type PadSequencesOptions } from "@tessera/embed";
 * const options: PadSequencesOptions<"int32"> = { maxlen: 3, padding: "post", value: -1 };
 * console.log(padSequences([[1], [2, 3, 4, 5]], options).toString());
 * // tensor([[ 1, -1, -1],
 * //         [ 3,  4,  5]], dtype=int32)
 * ```
 */
export interface PadSequencesOptions<D extends DType = DType> {
  /**
   * Length of every row; longer sequences are truncated. `null`: the longest sequence's length.
   * @default null
   */
  maxlen?: number | null;
  /**
   * Element type of the result. With `"int32"`, sequence values and `value` must be integers.
   * @default "int32"
   */
  dtype?: D;
  /**
   * Where the padding goes: before (`"pre"`) or after (`"post"`) each sequence.
   * @default "pre"
   */
  padding?: "pre" | "post";
  /**
   * Which end of a longer sequence is dropped: the beginning (`"pre"`) or the end (`"post"`).
   * @default "pre"
   */
  truncating?: "pre" | "post";
  /**
   * The padding value.
   * @default 0
   */
  value?: number;
}

const schema = z.strictObject({
  maxlen: z.number().int().nullable().optional(),
  dtype: z.enum(["int32", "float32"]).optional(),
  padding: z.enum(["pre", "post"]).optional(),
  truncating: z.enum(["pre", "post"]).optional(),
  value: z.number().optional(),
});

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Checks one value against the dtype (`what` names it in messages). */
function checkValue(v: unknown, int: boolean, what: string, who: string): void {
  if (typeof v !== "number" || (int && !Number.isInteger(v))) {
    const want = int ? "an integer (dtype is int32)" : "a number";
    throw new TypeError(`${who}: ${what} is ${describe(v)} but must be ${want}`);
  }
  if (int && (v < INT32_MIN || v > INT32_MAX)) {
    throw new RangeError(`${who}: ${what} is ${v} but int32 values lie in [-2^31, 2^31)`);
  }
}

/**
 * Pads (and truncates) sequences to one length, as Keras' `pad_sequences`,
 * and returns them as a `[sequences.length, maxlen]` tensor. Defaults as in
 * Keras: int32, padded and truncated at the front (`"pre"`), padding value 0,
 * `maxlen` the longest sequence. Differences: the result is a Tessera tensor
 * (int32 or float32, the dtypes tensors have) rather than a NumPy array;
 * sequences are 1-D (Keras also pads sequences of vectors); no sequences give
 * a `[0, maxlen ?? 0]` tensor (Keras fails computing the longest length), and
 * `maxlen: 0` always gives zero columns (Keras fails for a non-empty sequence
 * truncated at the front).
 *
 * @example
 * ```ts
 * import { padSequences } from "@tessera/embed";
 * const padded = padSequences([[6, 2], [9], [12, 13, 2, 14]], { maxlen: 3 });
 * console.log(padded.toString());
 * // tensor([[ 0,  6,  2],
 * //         [ 0,  0,  9],
 * //         [13,  2, 14]], dtype=int32)
 * ```
 *
 * @param sequences Arrays (or typed arrays) of numbers.
 * @param options `maxlen`, `dtype`, `padding`, `truncating`, `value`.
 * @returns A realized 2-D tensor.
 * @throws {TypeError} For sequences that are not arrays of numbers (integers for int32), a non-integer `value` with int32, or an unknown or ill-typed option.
 * @throws {RangeError} For a negative `maxlen`, or an int32 value out of range.
 */
export function padSequences(
  sequences: readonly ArrayLike<number>[],
  options: PadSequencesOptions<"int32"> & { dtype?: "int32" },
): Tensor<"int32">;
/** Padded into float32 (see the first signature). */
export function padSequences(
  sequences: readonly ArrayLike<number>[],
  options: PadSequencesOptions<"float32"> & { dtype: "float32" },
): Tensor<"float32">;
/** Padded into int32 (see the first signature). */
export function padSequences(sequences: readonly ArrayLike<number>[]): Tensor<"int32">;
/** Padded with any dtype (see the first signature). */
export function padSequences(
  sequences: readonly ArrayLike<number>[],
  options?: PadSequencesOptions,
): Tensor;
export function padSequences(
  sequences: readonly ArrayLike<number>[],
  options: PadSequencesOptions = {},
): Tensor {
  const who = "padSequences()";
  const o = parseTextOptions(schema, options, who);
  checkCount(o.maxlen, "maxlen", who);
  const dtype = o.dtype ?? "int32";
  const int = dtype === "int32";
  const value = o.value ?? 0;
  checkValue(value, int, "value", who);
  if (!Array.isArray(sequences)) {
    throw new TypeError(
      `${who}: sequences is ${describe(sequences)} but must be an array of arrays`,
    );
  }
  let longest = 0;
  for (let i = 0; i < sequences.length; i++) { // not forEach: holes are rejected, not skipped
    const seq: unknown = sequences[i];
    if (!Array.isArray(seq) && !(ArrayBuffer.isView(seq) && "length" in seq)) {
      throw new TypeError(`${who}: sequences[${i}] is ${describe(seq)} but must be an array`);
    }
    const s = seq as ArrayLike<unknown>;
    for (let k = 0; k < s.length; k++) checkValue(s[k], int, `sequences[${i}][${k}]`, who);
    longest = Math.max(longest, s.length);
  }
  const maxlen = o.maxlen ?? longest;
  const out = allocTensor([sequences.length, maxlen], dtype, who);
  const data = hostView(out);
  data.fill(value);
  sequences.forEach((seq, i) => {
    const kept = Math.min(seq.length, maxlen);
    const from = o.truncating === "post" ? 0 : seq.length - kept;
    const to = i * maxlen + (o.padding === "post" ? 0 : maxlen - kept);
    for (let k = 0; k < kept; k++) data[to + k] = seq[from + k];
  });
  return out;
}
