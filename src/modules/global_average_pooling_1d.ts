/**
 * `GlobalAveragePooling1D`: Keras' mean over the steps of a sequence,
 * mask-aware.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";
import { tensor } from "../tensor/creation.ts";
import { div, mul } from "../ops/elementwise.ts";
import { mean, sum } from "../ops/reductions.ts";
import { floatNode, type TensorLike, wrap } from "../ops/_dense_inputs.ts";
import { toTensor } from "../ops/_inputs.ts";
import { Module } from "./module.ts";

/**
 * Averages `[batch, steps, features]` over the steps, as Keras'
 * `GlobalAveragePooling1D` (channels last). Given a mask (`Embedding`'s
 * `computeMask`, which `Sequential` passes on when the table has
 * `maskZero`), only the unmasked steps count: `Σ mask·x / Σ mask`, so a
 * sequence of padding only gives NaN, as in Keras.
 *
 * @example
 * ```ts
 * import { GlobalAveragePooling1D } from "@tessera/embed";
 * const pool = new GlobalAveragePooling1D();
 * const x = [[[1, 2], [3, 4], [5, 6]]];
 * console.log(await pool.forward(x).toArray()); // [[3, 4]]
 * console.log(await pool.forward(x, [[1, 1, 0]]).toArray()); // [[2, 3]]
 * ```
 */
export class GlobalAveragePooling1D extends Module {
  /** Creates the layer (no parameters). */
  constructor() {
    super();
  }

  /**
   * The mean over dim 1, over the steps where `mask` is non-zero when given.
   *
   * @param x `[batch, steps, features]` float32.
   * @param mask `[batch, steps]` 0/1 (int32 or numbers), or null/undefined for every step.
   * @returns A lazy `[batch, features]` tensor.
   * @throws {TypeError} For an input that is not 3-D float data, or a mask of another shape.
   */
  forward(x: TensorLike, mask?: Tensor | readonly (readonly number[])[] | null): Tensor<"float32"> {
    const who = "GlobalAveragePooling1D.forward()";
    const t = wrap(floatNode(x, who, "x"));
    if (t.rank !== 3) {
      throw new TypeError(`${who}: x has shape [${t.shape}] but must be [batch, steps, features]`);
    }
    if (mask === undefined || mask === null) return mean(t, { axis: 1 });
    const m = toTensor(mask as Tensor<"int32">, "int32", who, "mask");
    const [n, steps] = t.shape;
    if (m.rank !== 2 || m.shape[0] !== n || m.shape[1] !== steps) {
      throw new TypeError(
        `${who}: mask has shape [${m.shape}] but x has shape [${t.shape}] (mask must be [${n}, ${steps}])`,
      );
    }
    const src = m.dataSync();
    const weights = tensor(Float32Array.from(src, (v) => (v !== 0 ? 1 : 0)), {
      shape: [n, steps, 1],
    });
    return div(sum(mul(t, weights), { axis: 1 }), sum(weights, { axis: 1 }));
  }
}
