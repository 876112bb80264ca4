/** Launches of `dot_rows` for its JS and Wasm tests. */

import { f32Sentinel, type Launch, rng } from "./_kernel_harness.ts";

/** A launch over `V` random rows of width `D`. */
export function dotLaunch(V: number, D: number, seed: number): Launch {
  const r = rng(seed);
  const W = Float32Array.from({ length: V * D }, () => r() * 2 - 1);
  const q = Float32Array.from({ length: D }, () => r() * 2 - 1);
  const norms = Float32Array.from({ length: V }, () => 0.5 + r());
  return { kernel: "dot_rows", spec: { D }, args: [W, q, norms, f32Sentinel(V)], units: V };
}
