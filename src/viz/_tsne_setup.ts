/**
 * t-SNE's starting point as sklearn 1.2 builds it: the joint probabilities
 * (exact or over the k = min(n − 1, ⌊3·perplexity + 1⌋) nearest neighbours)
 * and the initial embedding (PCA scaled so the first column's standard
 * deviation is 1e-4, or 1e-4 · N(0, 1), or the user's matrix).
 */

import { type Csr, jointProbabilities, jointProbabilitiesNn } from "./_affinities.ts";
import { type Matrix, type MatrixLike, toMatrix } from "./_matrix.ts";
import { nearestNeighbors, pairwiseSquared } from "./_neighbors.ts";
import { pcaCore } from "./_pca_core.ts";
import { generatorFor } from "../tensor/random.ts";

/** The exact method's dense P, or Barnes-Hut's sparse P. */
export type Affinities = { kind: "exact"; p: Float64Array } | { kind: "barnesHut"; p: Csr };

/** Joint probabilities of `m` for the method. */
export function affinities(m: Matrix, perplexity: number, exact: boolean): Affinities {
  const n = m.rows;
  if (exact) {
    const dist = Float32Array.from(pairwiseSquared(m));
    return { kind: "exact", p: jointProbabilities(dist, n, perplexity) };
  }
  const k = Math.min(n - 1, Math.floor(3 * perplexity + 1));
  const { indices, distances } = nearestNeighbors(m, k);
  return {
    kind: "barnesHut",
    p: jointProbabilitiesNn(indices, Float32Array.from(distances), n, k, perplexity),
  };
}

/** The initial embedding `[n, dim]`, row-major. */
export function initialEmbedding(
  m: Matrix,
  dim: number,
  init: unknown,
  seed: number | undefined,
  who: string,
): Float64Array {
  const n = m.rows;
  if (init === "pca") {
    if (dim > Math.min(n, m.cols)) {
      throw new RangeError(
        `${who}: nComponents is ${dim} but init "pca" allows at most min(n, d) = ${
          Math.min(n, m.cols)
        }`,
      );
    }
    const y = Float64Array.from(Float32Array.from(pcaCore(m, dim).scores));
    let mean = 0, sq = 0;
    for (let i = 0; i < n; i++) mean += y[i * dim];
    mean /= n;
    for (let i = 0; i < n; i++) sq += (y[i * dim] - mean) ** 2;
    const std = Math.sqrt(sq / n);
    if (!(std > 0)) {
      throw new RangeError(
        `${who}: init "pca" needs data that is not constant along its first axis`,
      );
    }
    for (let t = 0; t < y.length; t++) y[t] = y[t] / std * 1e-4;
    return y;
  }
  if (init === "random") {
    const random = generatorFor(seed);
    return Float64Array.from({ length: n * dim }, () => Math.fround(1e-4 * random.normal()));
  }
  const given = toMatrix(init as MatrixLike, who, "init");
  if (given.rows !== n || given.cols !== dim) {
    throw new RangeError(
      `${who}: init has shape [${given.rows}, ${given.cols}] but must be [${n}, ${dim}]`,
    );
  }
  return given.data;
}
