/**
 * `pca()`: principal component analysis, sklearn's `PCA` sign for sign.
 *
 * @module
 */

import { tensor } from "../tensor/creation.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { type MatrixLike, toMatrix } from "./_matrix.ts";
import { parseVizOptions, pcaSchema } from "./_options.ts";
import { pcaCore } from "./_pca_core.ts";

/**
 * Options of `pca()`.
 *
 * @example
 * ```ts
 * import { pca, type PcaOptions } from "@tessera/embed";
 * const options: PcaOptions = { nComponents: 1 };
 * console.log(pca([[1, 1], [2, 2], [3, 3]], options).explainedVarianceRatio); // Float64Array [1]
 * ```
 */
export interface PcaOptions {
  /**
   * Number of components kept, in `[1, min(n, d)]` (sklearn's default keeps
   * all of them; a projection usually wants two).
   * @default 2, or `min(n, d)` when that is smaller
   */
  nComponents?: number;
}

/**
 * What `pca()` returns (sklearn's `fit_transform` output and fitted attributes).
 *
 * @example
 * ```ts
 * import { pca, type PcaResult } from "@tessera/embed";
 * const result: PcaResult = pca([[0, 0], [1, 2], [2, 4]], { nComponents: 1 });
 * console.log(result.components.shape, result.singularValues.length); // [1, 2] 1
 * ```
 */
export interface PcaResult {
  /** The projected rows, `[n, nComponents]` (sklearn's `fit_transform(x)`). */
  embedding: Tensor<"float32">;
  /** Principal axes as unit rows, `[nComponents, d]`, by decreasing variance. */
  components: Tensor<"float32">;
  /** Column means of `x`, `[d]`. */
  mean: Float64Array;
  /** Variance along each component (`singularValue² / (n - 1)`). */
  explainedVariance: Float64Array;
  /** Share of the total variance along each component. */
  explainedVarianceRatio: Float64Array;
  /** Singular values of the centred data. */
  singularValues: Float64Array;
}

/**
 * Principal component analysis: centres `x`, finds the principal axes by an
 * exact eigendecomposition (of `XcᵀXc`, or of `XcXcᵀ` when `n < d`), and
 * projects. Each axis's sign follows sklearn's `svd_flip` (the projected value
 * of largest magnitude is positive), so results match sklearn's `PCA`
 * (`svd_solver="full"`) sign for sign. Computed in float64.
 *
 * @example
 * ```ts
 * import { pca } from "@tessera/embed";
 * const { embedding, explainedVarianceRatio } = pca([[2, 0], [0, 1], [-2, 0], [0, -1]]);
 * console.log(embedding.shape); // [4, 2]
 * console.log(Array.from(explainedVarianceRatio, (r) => r.toFixed(2))); // ["0.80", "0.20"]
 * ```
 *
 * @param x The data, `[n, d]` with `n ≥ 2`.
 * @param options `nComponents`.
 * @returns The projection, the axes and the explained variance.
 * @throws {TypeError} If `x` is not a matrix of numbers, or for an unknown option.
 * @throws {RangeError} If `n < 2`, a value is not finite, or `nComponents` is out of range.
 */
export function pca(x: MatrixLike, options: PcaOptions = {}): PcaResult {
  const who = "pca()";
  const { nComponents } = parseVizOptions(pcaSchema, options, who);
  const m = toMatrix(x, who);
  if (m.rows < 2) throw new RangeError(`${who}: x has ${m.rows} rows but needs at least 2`);
  if (m.cols < 1) throw new RangeError(`${who}: x has 0 columns but needs at least 1`);
  const most = Math.min(m.rows, m.cols);
  const k = nComponents ?? Math.min(2, most);
  if (k < 1 || k > most) {
    throw new RangeError(
      `${who}: nComponents is ${k} but must lie in [1, ${most}] for x of shape [${m.rows}, ${m.cols}]`,
    );
  }
  const core = pcaCore(m, k);
  return {
    embedding: tensor(new Float32Array(core.scores), { shape: [m.rows, k] }) as Tensor<"float32">,
    components: tensor(new Float32Array(core.components), { shape: [k, m.cols] }) as Tensor<
      "float32"
    >,
    mean: core.mean,
    explainedVariance: core.explainedVariance,
    explainedVarianceRatio: core.explainedVarianceRatio,
    singularValues: core.singularValues,
  };
}
