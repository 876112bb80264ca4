/** Launches of `row_norms` for its JS and Wasm tests. */

import { f32Sentinel, f32Values, type Launch, rng } from "./_kernel_harness.ts";

/**
 * A launch over `V` rows of width `D`: random values with zeros, ties, NaN
 * and infinities, and among them rows of huge and tiny values (whose squares
 * leave the float32 range but not the float64 one).
 */
export function rowNormsLaunch(V: number, D: number, seed: number): Launch {
  const r = rng(seed), W = f32Values(V * D, r);
  for (let i = 0; i < V * D; i++) {
    const row = (i / D) | 0;
    if (row % 7 === 3) W[i] = (r() * 2 - 1) * 3e38;
    if (row % 7 === 5) W[i] = (r() * 2 - 1) * 1e-40;
  }
  return { kernel: "row_norms", spec: { D }, args: [W, f32Sentinel(V)], units: V };
}
