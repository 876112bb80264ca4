/**
 * The int8 copy of a table's unit rows that the two-stage `mostSimilar`
 * search scans first (see `_two_stage.ts`): row `r` is stored as codes
 * `c[r, d]` in [-127, 127] with a float32 scale `s[r]`, so that
 * `s[r] * c[r]` approximates the unit row `u[r] = v[r] / |v[r]|`, and with
 * an upper bound `errors[r] >= |u[r] - s[r] * c[r]|` (computed in float64,
 * rounded up). Rows padded with zeros to `P` bytes, a multiple of 16.
 *
 * A row whose norm is zero, not finite, or outside [1e-20, 1e30] (where
 * float32 underflow or overflow could break the error analysis) gets codes
 * and scale 0 and an infinite error bound: the search then always rescores
 * it exactly.
 */

import { allocTensor, hostView, type Tensor } from "../tensor/tensor.ts";

/** An int8 copy of a `[V, D]` table's unit rows. */
export interface Int8Table {
  /** Row width in bytes: `D` rounded up to a multiple of 16. */
  readonly P: number;
  /** `V * P` signed bytes, packed four to an int32 element. */
  readonly codes: Tensor<"int32">;
  /** `[V]` float32 row scales. */
  readonly scales: Tensor<"float32">;
  /** `[V]` upper bounds of each row's quantisation error norm (Infinity: always rescored). */
  readonly errors: Float32Array;
  /** Bytes held: codes, scales and error bounds. */
  readonly bytes: number;
}

/** Norms outside this range make a row one that is always rescored exactly. */
const NORM_MIN = 1e-20, NORM_MAX = 1e30;

/** Builds the int8 copy of the unit rows of a `[V, D]` float32 table. */
export function quantiseRows(vectors: Tensor<"float32">, who: string): Int8Table {
  const [V, D] = vectors.shape;
  const P = Math.ceil(D / 16) * 16;
  const w = vectors.dataSync();
  const codes = allocTensor([(V * P) / 4], "int32", who);
  const scales = allocTensor([V], "float32", who);
  const errors = new Float32Array(V);
  const view = hostView(codes), s = hostView(scales);
  const c = new Int8Array(view.buffer, view.byteOffset, V * P);
  c.fill(0);
  for (let r = 0; r < V; r++) {
    const at = r * D, o = r * P;
    let sq = 0, max = 0;
    for (let d = at; d < at + D; d++) {
      const x = w[d];
      sq += x * x;
      max = x > max ? x : -x > max ? -x : max;
    }
    const n = Math.sqrt(sq);
    if (!(n >= NORM_MIN && n <= NORM_MAX)) {
      s[r] = 0;
      errors[r] = Infinity;
      continue;
    }
    const inv = 1 / n, scale = Math.fround(max * inv / 127), k = 1 / scale;
    let err = 0;
    for (let d = 0; d < D; d++) {
      const u = w[at + d] * inv;
      const y = u * k; // in [-127, 127] up to rounding; any code is valid (the error is measured)
      let code = (y < 0 ? y - 0.5 : y + 0.5) | 0;
      code = code > 127 ? 127 : code < -127 ? -127 : code;
      c[o + d] = code;
      const e = u - scale * code;
      err += e * e;
    }
    s[r] = scale;
    // float64 rounding (about 1e-14 here) is far below the margins; the float32 store rounds up.
    errors[r] = Math.fround(Math.sqrt(err) * (1 + 2 ** -20) + 1e-12);
  }
  return { P, codes, scales, errors, bytes: V * P + 8 * V };
}
