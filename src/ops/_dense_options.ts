/**
 * Option schemas of the dense ops, losses and gradient transforms, parsed
 * by the one validation path every option object goes through
 * (`parseOptions`: plain objects only, read once, unknown keys rejected with
 * a hint).
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";

const int = z.number().int();
const reduction = z.enum(["mean", "sum", "none"]).optional();
const tensorish = z.unknown().optional();

/** `gelu`. */
export const geluSchema = z.strictObject({ approximate: z.enum(["none", "tanh"]).optional() });
/** `sum`, `mean`, `max`, `argmax`. */
export const reduceSchema = z.strictObject({
  axis: z.union([int, z.array(int)]).optional(),
  keepdims: z.boolean().optional(),
});
/** `softmax`, `logSoftmax`, `concat`. */
export const axisSchema = z.strictObject({ axis: int.optional() });
/** `flatten`. */
export const flattenSchema = z.strictObject({ startDim: int.optional(), endDim: int.optional() });
/** `nllLoss`. */
export const nllSchema = z.strictObject({
  weight: tensorish,
  ignoreIndex: int.optional(),
  reduction,
});
/** `crossEntropy`. */
export const crossEntropySchema = nllSchema.extend({ labelSmoothing: z.number().optional() });
/** `binaryCrossEntropy`. */
export const bceSchema = z.strictObject({ weight: tensorish, reduction });
/** `binaryCrossEntropyWithLogits`. */
export const bceLogitsSchema = bceSchema.extend({ posWeight: tensorish });
/** `mseLoss`, `l1Loss`. */
export const regressionSchema = z.strictObject({ reduction });
/** `grad`, `valueAndGrad`. */
export const gradSchema = z.strictObject({
  argnums: z.union([int, z.array(int)]).optional(),
  hasAux: z.boolean().optional(),
});

/** What each option must be, for messages. */
export const DENSE_EXPECTED: Readonly<Record<string, string>> = {
  approximate: `"none" or "tanh"`,
  axis: "an integer or an array of integers",
  keepdims: "a boolean",
  startDim: "an integer",
  endDim: "an integer",
  ignoreIndex: "an integer",
  reduction: `"mean", "sum" or "none"`,
  labelSmoothing: "a number in [0, 1]",
  argnums: "an integer or an array of integers",
  hasAux: "a boolean",
};
