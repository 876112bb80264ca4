/**
 * `quantise_rows`: the int8 copy of a table's unit rows that the two-stage
 * `mostSimilar` search scans (`src/vectors/_int8_table.ts`). For row `r`,
 * in float64 (rounded as written, as the Wasm twin does, which runs the
 * sums as two lanes: even `d` in one, odd `d` in the other, added at the
 * end, then the last element of an odd `D`):
 *
 *     n = sqrt(sum_d W[r,d]^2), m = max_d |W[r,d]|
 *     scale[r] = f32(m * (1 / n) / 127), k = 1 / scale[r]
 *     u_d = W[r,d] * (1 / n), y = u_d * k
 *     codes[r,d] = clamp(floor(y + 0.5), -127, 127), 0 for d in [D, P)
 *     errors[r] = f32(sqrt(sum_d (u_d - scale[r] * codes[r,d])^2) * (1 + 2^-20) + 1e-12)
 *
 * `errors[r]` bounds `|W[r] / |W[r]| - scale[r] * codes[r]|` from above:
 * the float64 rounding (about 1e-14 for such rows) is far below the margins,
 * and the float32 rounding of the store is below the relative margin. A row
 * whose norm `n` is not in [1e-20, 1e30] (zero, non-finite, or where float32
 * underflow or overflow could break the search's error analysis) gets codes
 * and scale 0 and an infinite error: the search always rescores it.
 *
 * (Rounding by `floor(y + 0.5)` has no branch on the sign of `y`, which a
 * table's random signs would mispredict half the time: about twice as slow.)
 *
 * It dereferences no index data, so it has nothing to guard and always
 * returns 0.
 *
 * Args: as `SIG` names them. Units: table rows.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";

const SIG = signature({ W: "f32*", codes: "u8*", scales: "f32*", errors: "f32*" });

/** Static spec of `quantise_rows`: the row width and the padded width (a multiple of 16). */
export type QuantiseRowsSpec = { readonly D: number; readonly P: number };

function quantiseRowsJs(
  h: Heap,
  s: QuantiseRowsSpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, u8 = h.u8, D = s.D, P = s.P, fr = Math.fround;
  const { W, codes, scales, errors } = a;
  const even = D - (D & 1);
  for (let r = start; r < end; r++) {
    const at = W + r * D, o = codes + r * P;
    let sq0 = 0, sq1 = 0, max = 0;
    for (let d = 0; d < even; d += 2) {
      const x0 = f32[at + d], x1 = f32[at + d + 1];
      sq0 += x0 * x0;
      sq1 += x1 * x1;
      max = Math.max(max, Math.abs(x0), Math.abs(x1));
    }
    let sq = sq0 + sq1;
    if (even < D) {
      const x = f32[at + even];
      sq += x * x;
      max = Math.max(max, Math.abs(x));
    }
    const n = Math.sqrt(sq);
    u8.fill(0, o, o + P);
    if (!(n >= 1e-20 && n <= 1e30)) {
      f32[scales + r] = 0;
      f32[errors + r] = Infinity;
      continue;
    }
    const inv = 1 / n, scale = fr((max * inv) / 127), k = 1 / scale;
    // Returns the squared error of element `d` and stores its code.
    const put = (d: number) => {
      const u = f32[at + d] * inv, code = Math.max(-127, Math.min(127, Math.floor(u * k + 0.5)));
      u8[o + d] = code & 255;
      const e = u - scale * code;
      return e * e;
    };
    let e0 = 0, e1 = 0;
    for (let d = 0; d < even; d += 2) e0 += put(d), e1 += put(d + 1);
    let err = e0 + e1;
    if (even < D) err += put(even);
    f32[scales + r] = scale;
    f32[errors + r] = fr(Math.sqrt(err) * (1 + 2 ** -20) + 1e-12);
  }
  return 0;
}

/** Builds the int8 copy of unit rows for the two-stage search. */
export const quantiseRows: Kernel<QuantiseRowsSpec, typeof SIG> = {
  name: "quantise_rows",
  sig: SIG,
  unit: "row",
  js: quantiseRowsJs,
};
