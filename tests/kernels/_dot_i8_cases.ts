/** Launches of `dot_rows_i8` for its JS and Wasm tests. */

import { f32Sentinel, type Launch, rng } from "./_kernel_harness.ts";

/**
 * A launch over `V` random int8 rows of padded width `P` and a random int16
 * query bounded by `qMax`; `extreme` fills rows and query with -128 and
 * `qMax` (the largest sums the caller allows).
 */
export function dotI8Launch(V: number, P: number, seed: number, qMax = 32767, extreme = false) {
  const r = rng(seed);
  const W = Int8Array.from({ length: V * P }, () => extreme ? -128 : Math.floor(r() * 256) - 128);
  const q = Int16Array.from({ length: P }, () => extreme ? qMax : Math.round((r() * 2 - 1) * qMax));
  const scale = Float32Array.from({ length: V }, () => r() * 1e-3);
  const launch: Launch = {
    kernel: "dot_rows_i8",
    spec: { P },
    args: [new Uint8Array(W.buffer), new Uint8Array(q.buffer), scale, f32Sentinel(V)],
    units: V,
  };
  return { launch, W, q, scale };
}
