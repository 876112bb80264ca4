/**
 * Inputs of the gradient and grouping kernels (seeded): bag cases plus
 * upstream gradients, bag of each position, scales, arg-max winners and
 * inverse frequencies; `row_csr` blocks; the naive gradient terms of
 * `kernels/_grad_source.ts`; and the launches of `inv_freq`, `row_csr`,
 * `sparse_indices`, `scatter_rows` and `sparse_values`.
 */

import { csrInts } from "../../kernels/row_csr.ts";
import type { addGradRow, gradPointers, GradSource } from "../../kernels/_grad_source.ts";
import type { KernelFn, KernelSpec } from "../../kernels/kernel.ts";
import type { Signature } from "../../kernels/signature.ts";
import { bagBounds, type BagCase, bagCases } from "./_cases.ts";
import { f32Sentinel, f32Values, i32Sentinel, type Launch, rng } from "./_kernel_harness.ts";

/** A bag case plus the inputs of the gradient kernels (bags cover every position). */
export interface GradCase extends BagCase {
  /** `[N, D]`: upstream gradient of a lookup. */
  readonly Grows: Float32Array;
  /** `[B, D]`: upstream gradient of bags. */
  readonly Gbags: Float32Array;
  readonly bagOf: Int32Array;
  readonly scale: Float32Array;
  /** `[B, D]`: a position of bag b, or -1. */
  readonly argmax: Int32Array;
  readonly invFreq: Float32Array;
}

/** Gradient cases for every dim (no trailing positions: every position has a bag). */
export function gradCases(seed: number, perDim = 3): GradCase[] {
  return bagCases(seed, perDim).filter((c) => c.nOff === c.B).map((c, i) => {
    const r = rng(seed + 7 * i);
    const bagOf = new Int32Array(c.N), argmax = new Int32Array(c.B * c.D);
    for (let b = 0; b < c.B; b++) {
      const [first, last] = bagBounds(c, b);
      bagOf.fill(b, first, last);
      for (let d = 0; d < c.D; d++) {
        argmax[b * c.D + d] = first < last ? first + Math.floor(r() * (last - first)) : -1;
      }
    }
    return {
      ...c,
      Grows: f32Values(c.N * c.D, r),
      Gbags: f32Values(c.B * c.D, r),
      bagOf,
      argmax,
      scale: f32Values(c.N, r),
      invFreq: f32Values(c.N, r, { special: false }),
    };
  });
}

/** A `row_csr` block for `idx` (distinct rows ascending, positions grouped stably), with its scratch tail. */
export function csrBlock(idx: Int32Array, pad: number): Int32Array {
  const N = idx.length, csr = new Int32Array(csrInts(N));
  const rows = [...new Set(Array.from(idx).filter((k) => k !== pad))].sort((a, b) => a - b);
  csr[0] = rows.length;
  let at = 0;
  rows.forEach((k, u) => {
    csr[1 + u] = k;
    csr[1 + N + u] = at;
    idx.forEach((x, j) => x === k && (csr[2 + 2 * N + at++] = j));
  });
  csr[1 + N + rows.length] = at;
  return csr;
}

/** The parts of a csr block its layout defines: `[U, rows, starts, perm]` (`U`, `U`, `U + 1` and `starts[U]` ints). */
export function csrParts(csr: Int32Array, N: number): [number, Int32Array, Int32Array, Int32Array] {
  const U = csr[0], starts = csr.slice(1 + N, 2 + N + U);
  return [U, csr.slice(1, 1 + U), starts, csr.slice(2 + 2 * N, 2 + 2 * N + (starts[U] ?? 0))];
}

/** Launch of `inv_freq` over a table of `V` rows (counts are arg 2, output arg 3): one task. */
export function invFreqLaunch(idx: Int32Array, V: number): Launch {
  return {
    kernel: "inv_freq",
    spec: {},
    args: [idx, idx.length, new Int32Array(V), f32Sentinel(idx.length), V],
    units: 1,
  };
}

/** Launch of `row_csr` over a table of `V` rows (counts are arg 3, the csr block arg 4): one task. */
export function rowCsrLaunch(
  idx: Int32Array,
  V: number,
  pad: number,
  spec: { padded: boolean },
): Launch {
  return {
    kernel: "row_csr",
    spec,
    args: [idx, idx.length, pad, i32Sentinel(csrInts(idx.length)), V],
    units: 1,
  };
}

/** Launch of `sparse_indices` (output arg 4; the csr block is built for the spec's padding): one task. */
export function sparseIndicesLaunch(
  c: BagCase,
  spec: { padded: boolean; coalesced: boolean },
): Launch {
  const csr = csrBlock(c.idx, spec.padded ? c.pad : -1);
  return {
    kernel: "sparse_indices",
    spec,
    args: [c.idx, c.N, c.pad, csr, i32Sentinel(c.N), c.V, c.N],
    units: 1,
  };
}

/** Gradient kernel args: `[G, idx, N, out, pad, bagOf, scale, argmax, invFreq]`. */
function gradArgs(c: GradCase, source: GradSource, rows: number) {
  const G = source === "rows" ? c.Grows : c.Gbags;
  return [G, c.idx, c.N, f32Sentinel(rows * c.D), c.pad, c.bagOf, c.scale, c.argmax, c.invFreq];
}

/** Spec of the gradient kernels. */
export type GradSpec = { D: number; source: GradSource; freq: boolean; padded: boolean };

/** Launch of `scatter_rows`: output `[V, D]` is arg 3; units are table rows. */
export function scatterRowsLaunch(c: GradCase, spec: GradSpec): Launch {
  return {
    kernel: "scatter_rows",
    spec,
    args: [...gradArgs(c, spec.source, c.V), c.V, 1, 0, 0],
    units: c.V,
  };
}

/**
 * Launch of `scatter_rows` in update mode: arg 3 is a table of random rows
 * that receives `alpha` times the gradient in place.
 */
export function scatterUpdateLaunch(c: GradCase, spec: GradSpec, alpha: number): Launch {
  // acc and slot (the coalescing update's sums and row marks) unused: 0.
  const args = [...gradArgs(c, spec.source, c.V), c.V, alpha, 0, 0];
  args[3] = f32Values(c.V * c.D, rng(c.N + 31 * c.D), { special: false });
  return { kernel: "scatter_rows", spec: { ...spec, update: true }, args, units: c.V };
}

/** Launch of `sparse_values`: output is arg 3; units are positions, or distinct rows when coalesced. */
export function sparseValuesLaunch(c: GradCase, spec: GradSpec & { coalesced: boolean }): Launch {
  const csr = csrBlock(c.idx, spec.padded ? c.pad : -1);
  const units = spec.coalesced ? csr[0] : c.N;
  return {
    kernel: "sparse_values",
    spec,
    args: [...gradArgs(c, spec.source, c.N), csr, c.N],
    units,
  };
}

/**
 * Naive gradient term of position `j`, dimension `d`, from the contract of
 * `kernels/_grad_source.ts` (null: no term). Max ignores `freq` (as PyTorch;
 * ops reject max with scaleGradByFreq), so tests leave that combination to
 * the JS = Wasm comparison.
 */
export function gradTerm(c: GradCase, s: GradSpec, j: number, d: number): number | null {
  const f = Math.fround, D = c.D, b = c.bagOf[j];
  if (s.source === "max") return c.argmax[b * D + d] === j ? c.Gbags[b * D + d] : null;
  const g = s.source === "rows" ? c.Grows[j * D + d] : f(c.Gbags[b * D + d] * c.scale[j]);
  return s.freq ? f(g * c.invFreq[j]) : g;
}

/** Gradient specs with a naive oracle: every source and flag, except max with freq. */
export function gradSpecs(D: number): GradSpec[] {
  return (["rows", "scaled", "max"] as const).flatMap((source) =>
    [false, true].flatMap((padded) =>
      (source === "max" ? [false] : [false, true]).map((freq) => ({ D, source, freq, padded }))
    )
  );
}

/** The signature of `add_grad_row`, the tests' kernel around `addGradRow`. */
export const ADD_ROWS_SIG = {
  G: "f32*",
  bagOf: "i32*",
  scale: "f32*",
  argmax: "i32*",
  invFreq: "f32*",
  out: "f32*",
} as const satisfies Signature;

/** A launch adding the gradient term of position j to row j of `out` (arg 5), which starts from `init`. */
export function addRowsLaunch(c: GradCase, s: GradSpec, init: Float32Array): Launch {
  const G = s.source === "rows" ? c.Grows : c.Gbags;
  return {
    kernel: "add_grad_row",
    sig: ADD_ROWS_SIG,
    spec: s,
    args: [G, c.bagOf, c.scale, c.argmax, c.invFreq, init.slice()],
    units: c.N,
  };
}

/** A body for `addRowsLaunch` calling (a build of) `addGradRow` for each position. */
export function viaAddGradRow(
  add: typeof addGradRow,
  pointers: typeof gradPointers,
): KernelFn<KernelSpec, typeof ADD_ROWS_SIG> {
  const codes = { rows: 0, scaled: 1, max: 2 };
  return (h, spec, a, start, end) => {
    const s = spec as unknown as GradSpec, p = pointers(a.G, a.bagOf, a.scale, a.argmax, a.invFreq);
    for (let j = start; j < end; j++) add(h, codes[s.source], s.freq, s.D, p, j, a.out + j * s.D);
    return 0;
  };
}
