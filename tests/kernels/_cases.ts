/**
 * Random bag inputs for the kernel tests (seeded), with the edge cases the
 * kernels document: empty bags, all-padding bags, duplicate rows, N = 0,
 * V = 1, no bags, and offsets that leave trailing positions outside every
 * bag; and the launches of the bag and table kernels. The JS and the Wasm
 * tests of a kernel build their launches here (gradients: `_grad_cases.ts`).
 */

import { DIMS, f32Sentinel, f32Values, i32Sentinel, type Launch, rng } from "./_kernel_harness.ts";

/** Edge-case shapes of bag inputs. */
export type BagKind = "random" | "no positions" | "one row" | "no bags" | "trailing";

/** A table, indices and bags (`nOff` offsets; bag b ends at `off[b + 1]` if `b + 1 < nOff`, else at `N`). */
export interface BagCase {
  readonly name: string;
  readonly V: number;
  readonly D: number;
  readonly W: Float32Array;
  readonly idx: Int32Array;
  readonly off: Int32Array;
  readonly nOff: number;
  /** Bags (units of the bag kernels). */
  readonly B: number;
  readonly N: number;
  readonly psw: Float32Array;
  /** A row index used as padding when a spec says `padded`. */
  readonly pad: number;
}

/** Positions `[first, last)` of bag `b`, by the documented rule. */
export function bagBounds(c: BagCase, b: number): [number, number] {
  return [c.off[b], b + 1 < c.nOff ? c.off[b + 1] : c.N];
}

/** A random bag case of one kind. */
export function bagCase(
  seed: number,
  D: number,
  kind: BagKind = "random",
  special = true,
): BagCase {
  const r = rng(seed), int = (n: number) => Math.floor(r() * n);
  const V = kind === "one row" ? 1 : 1 + int(12), pad = int(V);
  const B = kind === "no bags" ? 0 : 1 + int(8);
  const ids: number[] = [], starts: number[] = [];
  for (let b = 0; b < B; b++) {
    starts.push(ids.length);
    if (kind === "no positions" || r() < 0.2) continue;
    const len = 1 + int(6), allPad = r() < 0.15;
    for (let i = 0; i < len; i++) ids.push(allPad ? pad : int(V));
  }
  let nOff = B;
  if (kind === "trailing") {
    starts.push(ids.length);
    nOff = B + 1;
    for (let i = int(4); i >= 0; i--) ids.push(int(V));
  }
  const N = ids.length;
  return {
    name: `${kind} seed=${seed} V=${V} D=${D} B=${B} N=${N} pad=${pad}`,
    V,
    D,
    B,
    N,
    nOff,
    pad,
    W: f32Values(V * D, r, { special }),
    idx: Int32Array.from(ids),
    off: Int32Array.from(starts),
    psw: f32Values(N, r, { special }),
  };
}

/** For every dim: `perDim` random cases plus one of each edge kind. */
export function bagCases(seed: number, perDim = 3, special = true): BagCase[] {
  const kinds: BagKind[] = ["no positions", "one row", "no bags", "trailing"];
  return DIMS.flatMap((D, i) => [
    ...Array.from({ length: perDim }, (_, k) => bagCase(seed + 100 * i + k, D, "random", special)),
    ...kinds.map((kind, k) => bagCase(seed + 100 * i + 50 + k, D, kind, special)),
  ]);
}

/** Launch of `gather`: units are positions. */
export function gatherLaunch(c: BagCase, spec: { D: number; touch?: boolean }): Launch {
  return { kernel: "gather", spec, args: [c.W, c.idx, f32Sentinel(c.N * c.D), c.V], units: c.N };
}

/** Launch of `gather_bag`: units are bags; output is arg 6. */
export function gatherBagLaunch(
  c: BagCase,
  spec: { D: number; mode: string; weighted: boolean; padded: boolean; touch?: boolean },
): Launch {
  const args = [c.W, c.idx, c.off, c.nOff, c.N, c.psw, f32Sentinel(c.B * c.D), c.pad, c.V];
  return { kernel: "gather_bag", spec, args, units: c.B };
}

/** Launch of `bag_argmax`: output (int32 `[B, D]`) is arg 5. */
export function bagArgmaxLaunch(
  c: BagCase,
  spec: { D: number; padded: boolean; touch?: boolean },
): Launch {
  const args = [c.W, c.idx, c.off, c.nOff, c.N, i32Sentinel(c.B * c.D), c.pad, c.V];
  return { kernel: "bag_argmax", spec, args, units: c.B };
}

/** Launch of `bag_positions`: outputs `bagOf` and `scale` are args 5 and 6. */
export function bagPositionsLaunch(
  c: BagCase,
  spec: { mean: boolean; weighted: boolean; padded: boolean },
): Launch {
  const args = [c.idx, c.off, c.nOff, c.N, c.psw, i32Sentinel(c.N), f32Sentinel(c.N), c.pad];
  return { kernel: "bag_positions", spec, args, units: c.B };
}

/** Launch of `psw_grad` with `G` `[B, D]`: output is arg 7. */
export function pswGradLaunch(
  c: BagCase,
  G: Float32Array,
  spec: { D: number; padded: boolean; touch?: boolean },
): Launch {
  const args = [G, c.W, c.idx, c.off, c.nOff, c.N, c.pad, f32Sentinel(c.N), c.V];
  return { kernel: "psw_grad", spec, args, units: c.B };
}

/** Launch of `renorm` (in place on arg 0; marks are arg 4): units are table rows. */
export function renormLaunch(c: BagCase, spec: { D: number; p: number }, maxNorm: number): Launch {
  return {
    kernel: "renorm",
    spec,
    args: [c.W, c.idx, c.N, maxNorm, new Uint8Array(c.V), c.V],
    units: c.V,
  };
}
