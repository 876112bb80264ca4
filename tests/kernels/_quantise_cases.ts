/** Launches of `quantise_rows` for its JS and Wasm tests. */

import { f32Sentinel, type Launch, rng } from "./_kernel_harness.ts";

/**
 * A launch over `V` rows of width `D` (padded to `P`): random rows, and
 * among them rows of zeros, NaN, infinities, tiny and huge norms, one-hot
 * rows and rows with one dominant value. The codes buffer starts as 0x55
 * bytes, so that unwritten padding shows.
 */
export function quantiseLaunch(V: number, D: number, seed: number): Launch {
  const r = rng(seed), P = Math.ceil(D / 16) * 16;
  const W = Float32Array.from({ length: V * D }, (_, i) => {
    const row = (i / D) | 0, x = r() * 2 - 1;
    const kind = [x, 0, NaN, Infinity, x * 1e-21, x * 1e-18, x * 1e29, x * 1e31, 0, x * 1e3];
    if (row % 10 === 8) return i % D === row % D ? -2.5 : 0;
    if (row % 10 === 9 && i % D === 1) return 300;
    return kind[row % 10];
  });
  return {
    kernel: "quantise_rows",
    spec: { D, P },
    args: [W, new Uint8Array(V * P).fill(0x55), f32Sentinel(V), f32Sentinel(V)],
    units: V,
  };
}
