/**
 * Shared cases of the `pick` and `pick_backward` tests: `[N, C]` rows (or one
 * shared row), int32 targets with some equal to `ignoreIndex` (PyTorch's
 * default -100, or a class in range), and their launches.
 */

import type { Launch } from "./_kernel_harness.ts";
import { f32Sentinel, f32Values } from "./_kernel_harness.ts";

/** A pick: rows, targets and the ignored target. */
export interface PickCase {
  readonly N: number;
  readonly C: number;
  /** Elements between rows of `x`: `C`, or 0 for one shared row. */
  readonly xStride: number;
  readonly x: Float32Array;
  readonly t: Int32Array;
  readonly ignore: number;
  /** Gradient per row (`gStride` 1) or one shared value (0). */
  readonly g: Float32Array;
  readonly gStride: number;
}

/** `n` random cases (plus empty ones). */
export function pickCases(n: number, r: () => number): PickCase[] {
  const int = (k: number) => Math.floor(r() * k);
  return Array.from({ length: n + 2 }, (_, k) => {
    const N = k < 2 ? 0 : int(30), C = 1 + int(k % 3 === 0 ? 40 : 9);
    const xStride = r() < 0.2 ? 0 : C, gStride = r() < 0.2 ? 0 : 1;
    const ignore = r() < 0.5 ? -100 : int(C);
    const t = Int32Array.from({ length: N }, () => (r() < 0.15 ? ignore : int(C)));
    return {
      N,
      C,
      xStride,
      x: f32Values(xStride === 0 ? C : N * C, r),
      t,
      ignore,
      g: f32Values(gStride === 0 ? 1 : N, r),
      gStride,
    };
  });
}

/** The `pick` launch of a case. */
export function pickLaunch(c: PickCase): Launch {
  return {
    kernel: "pick",
    spec: {},
    args: [c.x, c.t, f32Sentinel(c.N), c.C, c.xStride, c.ignore],
    units: c.N,
  };
}

/** The `pick_backward` launch of a case. */
export function pickBackwardLaunch(c: PickCase): Launch {
  return {
    kernel: "pick_backward",
    spec: {},
    args: [c.g, c.t, f32Sentinel(c.N * c.C), c.C, c.gStride, c.ignore],
    units: c.N,
  };
}
