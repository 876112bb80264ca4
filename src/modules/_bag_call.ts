/**
 * The per-call arguments of `EmbeddingBag.forward` and `grad`: an options
 * object, or offsets given positionally as PyTorch users write
 * `bag(input, offsets, per_sample_weights)`.
 */

import { Tensor } from "../tensor/tensor.ts";
import { describe } from "../tensor/_nested.ts";
import type { BagCallOptions } from "./embedding_bag.ts";
import { embeddingBagForward, type EmbeddingBagOptions } from "../ops/embedding_bag_forward.ts";
import { bagForward } from "../ops/_bag_forward.ts";
import type { IndicesLike } from "../ops/_inputs.ts";
import { isTensorLike, type ParsedBagOptions } from "../ops/_options.ts";

/** Whether a value is offsets data rather than an options object. */
function isOffsets(value: unknown): boolean {
  try {
    return Array.isArray(value) || ArrayBuffer.isView(value) || value instanceof Tensor;
  } catch {
    return false; // a revoked or hostile Proxy: the options parser reports it
  }
}

/**
 * Normalises the second (and third) argument of a bag call.
 *
 * @throws {TypeError} For a second argument that is neither offsets nor an
 * options object, or per-sample weights given both ways.
 */
export function bagCall(arg: unknown, perSampleWeights: unknown, who: string): BagCallOptions {
  if (isOffsets(arg)) {
    return perSampleWeights === undefined
      ? { offsets: arg } as BagCallOptions
      : { offsets: arg, perSampleWeights } as BagCallOptions;
  }
  if (perSampleWeights !== undefined) {
    throw new TypeError(
      `${who}: perSampleWeights is passed positionally but the offsets argument is ${
        describe(arg)
      }; pass offsets positionally too, or both in the options object`,
    );
  }
  if (arg === undefined) return {};
  if (typeof arg !== "object") {
    throw new TypeError(
      `${who}: the second argument is ${
        describe(arg)
      } but must be offsets (an array, Int32Array or tensor) or an options object`,
    );
  }
  return arg as BagCallOptions;
}

/**
 * `embeddingBagForward()` of a module's call. Its own options were checked
 * when it was built and the call's names by `callOptions()`, so only the
 * kinds of the per-call tensors are left: the options are parsed again (for
 * the same error) only when one is of the wrong kind.
 */
export function moduleBagForward(
  weight: Tensor<"float32">,
  indices: IndicesLike,
  o: Readonly<Record<string, unknown>>,
): Tensor<"float32"> {
  const ok = (v: unknown) => v === undefined || v === null || isTensorLike(v);
  if (!ok(o.offsets) || !ok(o.perSampleWeights)) {
    return embeddingBagForward(weight, indices, o as EmbeddingBagOptions);
  }
  return bagForward(weight, indices, o as ParsedBagOptions, "embeddingBagForward()");
}
