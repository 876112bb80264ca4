/**
 * `dot_rows_i8`: approximate row scores over an int8 copy of a table,
 * `out[r] = f32(sum_d W[r, d] * q[d]) * scale[r]`, the first stage of the
 * two-stage `mostSimilar` search (`src/vectors/_two_stage.ts`).
 *
 * `W` holds signed bytes, `P` per row (`P` a multiple of 16, zero padded);
 * `q` holds `P` signed 16-bit integers (little-endian). The integer sum is
 * exact in int32 as long as `P * 127 * max|q| < 2^31` (the caller sizes the
 * query so), so its order does not matter; the sum is converted to float32
 * and multiplied by the row's scale, both rounded to float32, as the Wasm
 * twin does.
 *
 * It dereferences no index data (its units are the rows themselves), so it
 * has nothing to guard and always returns 0.
 *
 * Args: as `SIG` names them. Units: table rows.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({ W: "u8*", q: "u8*", scale: "f32*", out: "f32*" });

/** Static spec of `dot_rows_i8`: the padded row width in bytes (a multiple of 16). */
export type DotRowsI8Spec = { readonly P: number };

function dotRowsI8Js(
  h: Heap,
  s: DotRowsI8Spec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const u8 = h.u8, f32 = h.f32, P = s.P, fr = Math.fround;
  const { W, q, scale, out } = a;
  for (let r = start; r < end; r++) {
    const row = W + r * P;
    let sum = 0;
    for (let d = 0; d < P; d++) {
      const qd = ((u8[q + 2 * d] | (u8[q + 2 * d + 1] << 8)) << 16) >> 16;
      sum += ((u8[row + d] << 24) >> 24) * qd;
    }
    f32[out + r] = fr(fr(sum | 0) * f32[scale + r]);
  }
  return 0;
}

/** The first-stage (int8) row-scoring kernel of `mostSimilar`. */
export const dotRowsI8: Kernel<DotRowsI8Spec, typeof SIG> = {
  name: "dot_rows_i8",
  sig: SIG,
  unit: "row",
  js: dotRowsI8Js,
};
