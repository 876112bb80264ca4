/**
 * `MatrixLike`: the matrices the projections and pictures accept.
 *
 * @module
 */

import type { Tensor } from "../tensor/tensor.ts";

/**
 * A matrix `[n, d]` as the projections accept it: a 2-D `Tensor`, an array of
 * rows (each an array or typed array of numbers), or a flat row-major array
 * with its shape.
 *
 * @example
 * ```ts
 * import { pca, tensor, type MatrixLike } from "@tessera/embed";
 * const inputs: MatrixLike[] = [
 *   [[0, 1], [2, 3], [4, 7]],
 *   tensor([[0, 1], [2, 3], [4, 7]]),
 *   { data: new Float32Array([0, 1, 2, 3, 4, 7]), shape: [3, 2] },
 * ];
 * console.log(inputs.map((x) => pca(x, { nComponents: 1 }).embedding.shape)); // [[3, 1], [3, 1], [3, 1]]
 * ```
 */
export type MatrixLike =
  | Tensor
  | ArrayLike<ArrayLike<number>>
  | { readonly data: ArrayLike<number>; readonly shape: readonly [number, number] };
