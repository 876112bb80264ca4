/** Shared by the `embeddingBagForward` tests: the error assertion and the tolerance of sums. */

import { embeddingBagForward, type EmbeddingBagOptions, type Tensor } from "../../mod.ts";
import { assertThrowsClean } from "../_helpers.ts";

const F = /^embeddingBagForward\(\): /;

/** Tolerance for float32 sums and means against the float64 reference. */
export const SUMS = { rtol: 1e-5, atol: 1e-6 };

/**
 * Asserts that `embeddingBagForward(w, ids, options)` throws `ErrorClass` with a message that
 * names the function and matches `pattern`, and leaves `w` as it was.
 */
export function expectError(
  w: Tensor,
  ids: unknown,
  options: unknown,
  ErrorClass: typeof TypeError,
  pattern: RegExp,
): void {
  const call = () =>
    embeddingBagForward(w as Tensor<"float32">, ids as never, options as EmbeddingBagOptions);
  assertThrowsClean(call, ErrorClass, new RegExp(F.source + pattern.source), [w]);
}
