/**
 * The body of `dropout` and `Dropout.forward`: a keep-mask drawn on the
 * host from a `Random` into a float32 tensor (kept elements hold the scale
 * `1/(1-p)`, dropped ones 0), multiplied into `x` with `mul`, so that the
 * mask fuses with the ops around it.
 */

import type { Tensor } from "../tensor/tensor.ts";
import { allocTensor, hostView } from "../tensor/tensor.ts";
import type { Random } from "../tensor/random.ts";
import { describe } from "../tensor/_nested.ts";
import { isRecording } from "../graph/trace.ts";
import { mul } from "./elementwise.ts";
import { floatNode, type TensorLike, wrap } from "./_dense_inputs.ts";

/** Checks a drop probability. */
export function checkP(p: unknown, who: string): asserts p is number {
  if (typeof p !== "number") {
    throw new TypeError(`${who}: p is ${describe(p)} but must be a number`);
  }
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`${who}: p is ${p} but must lie in [0, 1]`);
  }
}

/** `x` with each element zeroed with probability `p` and the rest scaled by `1/(1-p)`. */
export function applyDropout(
  x: TensorLike,
  p: number,
  training: boolean,
  g: () => Random,
  who: string,
): Tensor<"float32"> {
  const node = floatNode(x, who, "x");
  if (!training || p === 0) return wrap(node);
  if (isRecording()) {
    throw new TypeError(
      `${who}: dropout in training mode cannot run inside jit (the mask would be drawn once, ` +
        `at trace time); call it outside jit or in eval mode`,
    );
  }
  const mask = allocTensor(node.shape, "float32", who);
  const view = hostView(mask);
  if (p === 1) view.fill(0);
  else {
    const random = g(), scale = 1 / (1 - p);
    for (let i = 0; i < view.length; i++) view[i] = random.uniform() < p ? 0 : scale;
  }
  return mul(wrap(node), mask);
}
