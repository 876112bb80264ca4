/** Launches of the row-update kernels (sgd_rows, sparse_adam_rows) over random tables, sparse and dense. */

import type { Launch } from "./_kernel_harness.ts";
import { DIMS, f32Values, rng } from "./_kernel_harness.ts";

/** A table, distinct rows and a gradient for them. */
export interface RowsCase {
  readonly name: string;
  readonly V: number;
  readonly D: number;
  readonly W: Float32Array;
  readonly rows: Int32Array;
  /** `[rows.length, D]` (sparse) or `[V, D]` (dense) gradient. */
  readonly G: Float32Array;
  readonly dense: boolean;
}

/** Seeded cases over every test dim, sparse (distinct shuffled rows) and dense. */
export function rowsCases(seed: number): RowsCase[] {
  const r = rng(seed);
  return DIMS.flatMap((D) =>
    [false, true].map((dense) => {
      const V = 1 + Math.floor(r() * 20);
      const rows = Int32Array.from({ length: V }, (_, i) => i).sort(() => r() - 0.5).slice(
        0,
        Math.floor(r() * V) + 1,
      );
      const n = dense ? V : rows.length;
      return {
        name: `D=${D} ${dense ? "dense" : "sparse"} V=${V} n=${n}`,
        V,
        D,
        W: f32Values(V * D, r, { special: false }),
        rows,
        G: f32Values(n * D, r, { special: false }),
        dense,
      };
    })
  );
}

/** Units of a case: distinct rows (sparse) or table rows (dense). */
export const unitsOf = (c: RowsCase): number => (c.dense ? c.V : c.rows.length);

/** `sgd_rows` with learning rate `lr`. */
export function sgdLaunch(c: RowsCase, lr: number): Launch {
  return {
    kernel: "sgd_rows",
    spec: { D: c.D, dense: c.dense },
    args: [c.W, c.rows, c.G, lr, c.V],
    units: unitsOf(c),
  };
}

/** SparseAdam's scalars at a step (`sign`, `c1`, `c2`, `eps`, `step`), in float64 as the optimizer computes them. */
export function sparseAdamScalars(
  lr: number,
  b1: number,
  b2: number,
  eps: number,
  step: number,
  maximize = false,
): number[] {
  const stepSize = lr * Math.sqrt(1 - b2 ** step) / (1 - b1 ** step);
  return [maximize ? -1 : 1, 1 - b1, 1 - b2, eps, -stepSize];
}

/** `sparse_adam_rows` on a sparse case with moment tables `M`, `V2`. */
export function sparseAdamLaunch(
  c: RowsCase,
  M: Float32Array,
  V2: Float32Array,
  scalars: number[],
  touch = false,
): Launch {
  return {
    kernel: "sparse_adam_rows",
    spec: { D: c.D, touch },
    args: [c.W, M, V2, c.rows, c.G, ...scalars, c.V],
    units: c.rows.length,
  };
}
