/**
 * Property specs of the projections and pictures: `pca`, `trustworthiness`
 * and `scatterSvg` (small inputs; `tsne`, `projectorHtml` and `Word2Vec` are
 * in `_specs_vectors.ts`).
 */

import { pca, scatterSvg, Tensor, trustworthiness } from "../../mod.ts";
import { bytesOf, type Spec } from "./_check.ts";
import type { Gen } from "./_gen.ts";

function matrix(g: Gen, rows: number, cols: number): unknown {
  const values = g.floats(rows * cols);
  const form = g.int(0, 2);
  if (form === 0) {
    return Array.from({ length: rows }, (_, i) => values.slice(i * cols, (i + 1) * cols));
  }
  if (form === 1) return { data: Float32Array.from(values), shape: [rows, cols] };
  return g.table(rows, cols);
}

/**
 * Pending the projections area's fix: a disposed tensor argument is reported
 * as `Tensor.dataSync(): ... disposed`, not naming the function called.
 */
const disposedArg = (args: readonly unknown[]) =>
  args.some((a) => {
    try {
      return a instanceof Tensor && bytesOf(a) === null;
    } catch {
      return false; // a revoked Proxy
    }
  });

const call = (f: (...a: never[]) => unknown) => (args: unknown[]) =>
  (f as (...a: unknown[]) => unknown)(...args);

export const vizSpecs: Spec[] = [
  {
    covers: ["pca"],
    who: ["pca()"],
    options: ["nComponents"],
    pending: disposedArg,
    cases: 150,
    valid(g) {
      const rows = g.int(2, 8), cols = g.int(1, 5);
      return [matrix(g, rows, cols), { nComponents: g.int(1, Math.min(rows, cols)) }];
    },
    call: call(pca),
  },
  {
    covers: ["trustworthiness"],
    who: ["trustworthiness()"],
    options: ["nNeighbors"],
    pending: disposedArg,
    cases: 150,
    valid(g) {
      const rows = g.int(5, 10);
      const k = g.int(1, Math.ceil(rows / 2) - 1);
      return [matrix(g, rows, g.int(1, 4)), matrix(g, rows, 2), { nNeighbors: k }];
    },
    call: call(trustworthiness),
  },
  {
    covers: ["scatterSvg"],
    who: ["scatterSvg()"],
    options: ["labels", "width", "height", "title", "fontSize", "pointRadius", "legend"],
    pending: disposedArg,
    cases: 150,
    valid(g) {
      const rows = g.int(0, 6);
      const o: Record<string, unknown> = {};
      if (g.chance(0.5)) o.labels = Array.from({ length: rows }, (_, i) => `w${i}`);
      if (g.chance(0.3)) o.width = g.int(100, 800);
      if (g.chance(0.3)) o.title = "<words & more>";
      return [matrix(g, rows, 2), o];
    },
    call: call(scatterSvg),
  },
];
