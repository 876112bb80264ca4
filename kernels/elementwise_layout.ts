/**
 * The launch layout of the `elementwise` kernel for NumPy broadcasting: from
 * the output shape and each input's shape, the folded dims and the per-input
 * broadcast patterns (the kernel's `rank` and `bcast` spec fields and its
 * trailing `d0 ..` args). Output dims of size 1 are dropped and adjacent
 * dims where every input broadcasts the same way are merged, so most
 * launches have rank 1 or 2 and one compiled kernel serves many shapes.
 *
 * @module
 */

/** What `elementwiseLayout` returns. */
export interface ElementwiseLayout {
  /** The spec's `rank` (at least 1). */
  readonly rank: number;
  /** The spec's `bcast`: one pattern of `rank` letters `b`/`f` per input, comma-separated. */
  readonly bcast: string;
  /** The folded output dims: the kernel's args after the inputs. */
  readonly dims: readonly number[];
}

/**
 * Folds an elementwise launch: `out` is the broadcast output shape, `inputs`
 * the inputs' shapes (right-aligned against `out`, NumPy's rule).
 *
 * @param out The output shape.
 * @param inputs Each input's shape; each dim equals the output's or is 1.
 * @returns The folded rank, patterns and dims.
 * @throws {RangeError} If an input does not broadcast to `out`.
 */
export function elementwiseLayout(
  out: readonly number[],
  inputs: readonly (readonly number[])[],
): ElementwiseLayout {
  const R = out.length;
  const padded = inputs.map((s, k) => {
    if (s.length > R) {
      throw new RangeError(
        `elementwiseLayout(): input ${k} has shape [${s}], more dims than the output [${out}]`,
      );
    }
    const p = [...new Array<number>(R - s.length).fill(1), ...s];
    p.forEach((d, j) => {
      if (d !== out[j] && d !== 1) {
        throw new RangeError(
          `elementwiseLayout(): input ${k} has shape [${s}], which does not broadcast to [${out}]`,
        );
      }
    });
    return p;
  });
  const dims: number[] = [], pats: string[][] = inputs.map(() => []);
  for (let j = 0; j < R; j++) {
    if (out[j] === 1) continue;
    const col = padded.map((p) => (p[j] === 1 ? "b" : "f"));
    const last = dims.length - 1;
    if (last >= 0 && col.every((c, k) => c === pats[k][last])) dims[last] *= out[j];
    else dims.push(out[j]), col.forEach((c, k) => pats[k].push(c));
  }
  if (dims.length === 0) dims.push(1), pats.forEach((p) => p.push("f"));
  return { rank: dims.length, bcast: pats.map((p) => p.join("")).join(","), dims };
}
