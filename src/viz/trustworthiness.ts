/**
 * `trustworthiness()`: how well an embedding keeps local neighbourhoods,
 * sklearn's `sklearn.manifold.trustworthiness`.
 *
 * @module
 */

import { type MatrixLike, toMatrix } from "./_matrix.ts";
import { nearestNeighbors, pairwiseSquared } from "./_neighbors.ts";
import { parseVizOptions, trustSchema } from "./_options.ts";

/**
 * Options of `trustworthiness()`.
 *
 * @example
 * ```ts
 * import type { TrustworthinessOptions } from "@tessera/embed";
 * const options: TrustworthinessOptions = { nNeighbors: 10 };
 * console.log(options.nNeighbors); // 10
 * ```
 */
export interface TrustworthinessOptions {
  /** Size k of the neighbourhoods compared; must be below n / 2. @default 5 */
  nNeighbors?: number;
}

/**
 * Trustworthiness of an embedding (Venna and Kaski), as sklearn computes it
 * with the Euclidean metric:
 * `T(k) = 1 − 2 / (n·k·(2n − 3k − 1)) · Σᵢ Σ_{j ∈ Nᵢᵏ} max(0, r(i, j) − k)`,
 * where `Nᵢᵏ` are the k nearest neighbours of i in the embedding and
 * `r(i, j)` is j's rank among i's neighbours in the input space. 1 means
 * every embedded neighbour is a true neighbour. Ties in distance are ranked
 * by index.
 *
 * @example
 * ```ts
 * import { trustworthiness } from "@tessera/embed";
 * const x = [[0, 0, 0], [1, 0, 0], [2, 0, 1], [3, 1, 0], [4, 0, 0], [5, 1, 1]];
 * console.log(trustworthiness(x, x.map((r) => [r[0]]), { nNeighbors: 2 })); // 1
 * console.log(trustworthiness(x, [[0], [5], [1], [4], [2], [3]], { nNeighbors: 2 }) < 1); // true
 * ```
 *
 * @param x The data, `[n, d]`.
 * @param embedded Its embedding, `[n, d']`.
 * @param options `nNeighbors`.
 * @returns A number in [0, 1].
 * @throws {TypeError} If an argument is not a matrix of numbers, or for an unknown option.
 * @throws {RangeError} If the row counts differ, or `nNeighbors` is not in `[1, n / 2)`.
 */
export function trustworthiness(
  x: MatrixLike,
  embedded: MatrixLike,
  options: TrustworthinessOptions = {},
): number {
  const who = "trustworthiness()";
  const { nNeighbors: k = 5 } = parseVizOptions(trustSchema, options, who);
  const mx = toMatrix(x, who), me = toMatrix(embedded, who, "embedded");
  const n = mx.rows;
  if (me.rows !== n) {
    throw new RangeError(`${who}: embedded has ${me.rows} rows but x has ${n}`);
  }
  if (!(k >= 1 && k < n / 2)) {
    throw new RangeError(`${who}: nNeighbors is ${k} but must lie in [1, ${n / 2}) for ${n} rows`);
  }
  const dist = pairwiseSquared(mx);
  const { indices } = nearestNeighbors(me, k);
  const order = new Int32Array(n), rank = new Int32Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) order[j] = j;
    order.sort((a, b) => a === i ? 1 : b === i ? -1 : dist[row + a] - dist[row + b] || a - b);
    for (let r = 0; r < n; r++) rank[order[r]] = r + 1;
    for (let a = 0; a < k; a++) {
      const over = rank[indices[i * k + a]] - k;
      if (over > 0) t += over;
    }
  }
  return 1 - t * (2 / (n * k * (2 * n - 3 * k - 1)));
}
