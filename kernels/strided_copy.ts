/**
 * `strided_copy`: copies a strided view into a strided destination,
 * `out[i0, .., ik] = x[i0, .., ik]` with element offsets `sum(i_d * xs_d)`
 * and `sum(i_d * os_d)`. One kernel serves transpose and permute (permuted
 * input strides), expand / broadcast-to (input stride 0), making any view
 * contiguous (contiguous output strides), and concat (one launch per piece,
 * `out` pointing at the piece's first element, with the whole output's
 * strides). Elements are 4 bytes and copied as bits: float32 and int32 alike.
 *
 * Shapes and strides are args in six slots; a kernel of `rank` R reads the
 * last R slots (`n{6-R} .. n5`), so a caller may always fill all six with
 * leading size-1 dims. Strides are in elements (0 broadcasts);
 * the output's strides must not repeat an element, and `x` and `out` must
 * not overlap. The innermost dim is a row: rows whose two innermost strides
 * are 1 (plain copy) or 0 and 1 (broadcast fill) take vector paths in Wasm.
 *
 * It dereferences no index data, so it has nothing to guard and returns 0.
 *
 * Args: as `SIG` names them (`x`, `out`: byte addresses of
 * element [0, .., 0]). Units: rows, the product of all dims but the innermost
 * (1 for rank 1), in row-major order; split "even".
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, list, signature } from "./signature.ts";

/** Static spec of `strided_copy`: the number of dims used (1 to 6). */
export type StridedCopySpec = { readonly rank: number };

/** Six slots of sizes and strides: `n0 .. n5`, `xs0 .. xs5`, `os0 .. os5` in Wasm. */
const SIG = signature({
  x: "x32*",
  out: "x32*",
  n: list("int", () => 6),
  xs: list("int", () => 6),
  os: list("int", () => 6),
});

function stridedCopyJs(
  h: Heap,
  s: StridedCopySpec,
  a: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  if (start >= end) return 0;
  const i32 = h.i32, R = s.rank, first = 6 - R, last = R - 1;
  const n: number[] = [], xs: number[] = [], os: number[] = [], idx: number[] = [];
  for (let d = 0; d < R; d++) {
    n.push(a.n[first + d]);
    xs.push(a.xs[first + d]);
    os.push(a.os[first + d]);
    idx.push(0);
  }
  let xo = a.x, oo = a.out;
  for (let d = last - 1, u = start; d >= 0; d--) {
    idx[d] = u % n[d];
    u = Math.floor(u / n[d]);
    xo += idx[d] * xs[d];
    oo += idx[d] * os[d];
  }
  const len = n[last], xl = xs[last], ol = os[last];
  for (let u = start; u < end; u++) {
    for (let k = 0; k < len; k++) i32[oo + k * ol] = i32[xo + k * xl];
    for (let d = last - 1; d >= 0; d--) {
      xo += xs[d];
      oo += os[d];
      if (++idx[d] < n[d]) break;
      idx[d] = 0;
      xo -= n[d] * xs[d];
      oo -= n[d] * os[d];
    }
  }
  return 0;
}

/** The strided view copy kernel. */
export const stridedCopy: Kernel<StridedCopySpec, typeof SIG> = {
  name: "strided_copy",
  sig: SIG,
  unit: "row",
  js: stridedCopyJs,
};
