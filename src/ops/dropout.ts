/**
 * `dropout`: PyTorch's `F.dropout`, seeded.
 *
 * @module
 */

import { z } from "npm:zod@^4.1.0";
import type { Tensor } from "../tensor/tensor.ts";
import { generatorFor } from "../tensor/random.ts";
import { parseOptions, seedSchema } from "./_options.ts";
import type { TensorLike } from "./_dense_inputs.ts";
import { applyDropout, checkP } from "./_dropout.ts";

/**
 * Options of `dropout`.
 *
 * @example
 * ```ts
 * import { dropout, type DropoutOptions } from "@tessera/embed";
 * const options: DropoutOptions = { p: 0.5, training: false };
 * console.log(await dropout([1, 2, 3], options).toArray()); // [1, 2, 3]
 * ```
 */
export interface DropoutOptions {
  /** Probability of zeroing an element, in `[0, 1]`. @default 0.5 */
  p?: number;
  /** Apply dropout (training); false returns `x` unchanged. @default true */
  training?: boolean;
  /** Seed of the mask (the global generator when absent). @default undefined */
  seed?: number;
}

const schema = z.strictObject({
  p: z.unknown().optional(),
  training: z.boolean().optional(),
  seed: seedSchema.optional(),
});

/**
 * Zeroes each element of `x` with probability `p` and scales the others by
 * `1/(1-p)`, so the expectation is unchanged (PyTorch's `F.dropout`, whose
 * `training` also defaults to true). The keep-mask is drawn on the host
 * from the project's seeded generator and multiplied in (it fuses with the
 * elementwise ops around it); its random stream cannot match PyTorch's, so
 * the same seed drops different elements than `torch.manual_seed` would.
 * Gradients flow through the kept elements, scaled alike. Training-mode
 * dropout is refused inside `jit` (a traced mask would repeat on every call).
 *
 * @example
 * ```ts
 * import { dropout, ones } from "@tessera/embed";
 * const y = await dropout(ones([1000]), { p: 0.2, seed: 0 }).data();
 * const kept = y.filter((v) => v !== 0);
 * console.log(kept.every((v) => v === Math.fround(1 / 0.8)), kept.length > 700); // true true
 * ```
 *
 * @param x A float32 tensor or plain data.
 * @param options `p` (default 0.5), `training` (default true), `seed`.
 * @returns A lazy tensor of the shape of `x` (`x` itself when not training or `p` is 0).
 * @throws {TypeError} For non-float input, unknown options, or training-mode dropout inside `jit`.
 * @throws {RangeError} For `p` outside `[0, 1]`.
 */
export function dropout(x: TensorLike, options: DropoutOptions = {}): Tensor<"float32"> {
  const who = "dropout()";
  const o = parseOptions(schema, options, who);
  const p = o.p ?? 0.5;
  checkP(p, who);
  return applyDropout(x, p, o.training ?? true, () => generatorFor(o.seed), who);
}
