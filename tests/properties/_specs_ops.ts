/**
 * Property specs of the functional ops and row-sparse gradients:
 * `embeddingForward`, `embeddingBagForward`, `embeddingGrad`,
 * `embeddingBagGrad`, `RowSparseGrad` (and its `toDense`, `coalesce`).
 * Generators for valid op arguments are shared with the jit replay property.
 */

import {
  embeddingBagForward,
  embeddingBagGrad,
  embeddingForward,
  embeddingGrad,
  RowSparseGrad,
  tensor,
} from "../../mod.ts";
import type { Spec } from "./_check.ts";
import type { Gen } from "./_gen.ts";

const LOOKUP = ["paddingIdx", "maxNorm", "normType", "scaleGradByFreq", "sparse"];
const BAG = [...LOOKUP, "mode", "offsets", "perSampleWeights", "includeLastOffset"];

/** Valid lookup options for a table of V rows (maxNorm only when `norms`). */
export function lookupOptions(g: Gen, V: number, norms: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (g.chance(0.4)) o.paddingIdx = g.chance(0.2) ? null : g.int(-V, V - 1);
  if (norms && g.chance(0.4)) {
    o.maxNorm = g.chance(0.2) ? null : 0.1 + g.float() * 3;
    if (g.chance(0.6)) o.normType = g.pick([1, 2, 3, 0.5, Infinity]);
  }
  if (g.chance(0.3)) o.scaleGradByFreq = g.chance(0.5);
  if (g.chance(0.3)) o.sparse = g.chance(0.5);
  return o;
}

/** A valid bag layout: 2-D indices, or 1-D indices with offsets (shape of the ids, B). */
export function bagLayout(
  g: Gen,
  V: number,
): { ids: number[]; shape: number[]; offsets?: number[]; last: boolean; B: number } {
  if (g.chance(0.5)) {
    const B = g.int(0, 4), L = g.int(1, 4);
    return { ids: g.ids(B * L, V), shape: [B, L], last: false, B };
  }
  const N = g.int(0, 10), B = g.int(1, 4);
  const starts = [0, ...Array.from({ length: B - 1 }, () => g.int(0, N))].sort((a, b) => a - b);
  const last = g.chance(0.3);
  return {
    ids: g.ids(N, V),
    shape: [N],
    offsets: last ? [...starts, N] : starts,
    last,
    B: last ? starts.length : B,
  };
}

/** Valid bag options for a layout (mode rules respected). */
export function bagOptions(
  g: Gen,
  V: number,
  layout: ReturnType<typeof bagLayout>,
  norms: boolean,
): Record<string, unknown> {
  const o = lookupOptions(g, V, norms);
  const mode = g.pick(["sum", "mean", "max"] as const);
  if (mode !== "mean" || g.chance(0.5)) o.mode = mode;
  if (mode === "max") delete o.scaleGradByFreq, delete o.sparse;
  if (layout.offsets) {
    o.offsets = g.chance(0.5) ? layout.offsets : Int32Array.from(layout.offsets);
    if (layout.last || g.chance(0.2)) o.includeLastOffset = layout.last;
  }
  if (mode === "sum" && g.chance(0.5)) {
    const w = g.floats(layout.ids.length);
    o.perSampleWeights = g.chance(0.5) || layout.ids.length === 0
      ? tensor(Float32Array.from(w), { shape: layout.shape })
      : (
        layout.shape.length === 1
          ? w
          : Array.from({ length: layout.shape[0] }, (_, b) =>
            w.slice(b * layout.shape[1], (b + 1) * layout.shape[1]))
      );
  }
  return o;
}

const call = (f: (...a: never[]) => unknown) => (args: unknown[]) =>
  (f as (...a: unknown[]) => unknown)(...args);

export const opSpecs: Spec[] = [
  {
    covers: ["embeddingForward"],
    who: ["embeddingForward()"],
    options: LOOKUP,
    valid(g) {
      const V = g.int(1, 12), D = g.int(1, 9);
      const shape = Array.from({ length: g.int(1, 3) }, () => g.int(0, 4));
      const ids = g.ids(shape.reduce((a, b) => a * b, 1), V);
      return [g.table(V, D), g.idsAs(ids, shape), lookupOptions(g, V, true)];
    },
    call: call(embeddingForward),
  },
  {
    covers: ["embeddingBagForward"],
    who: ["embeddingBagForward()"],
    options: BAG,
    valid(g) {
      const V = g.int(1, 12), D = g.int(1, 9);
      const layout = bagLayout(g, V);
      const o = bagOptions(g, V, layout, true);
      return [g.table(V, D), g.idsAs(layout.ids, layout.shape), o];
    },
    call: call(embeddingBagForward),
  },
  {
    covers: ["embeddingGrad"],
    who: ["embeddingGrad()"],
    options: ["numEmbeddings", "paddingIdx", "scaleGradByFreq", "sparse", "coalesce"],
    valid(g) {
      const V = g.int(1, 12), D = g.int(1, 6);
      const shape = Array.from({ length: g.int(1, 2) }, () => g.int(0, 4));
      const n = shape.reduce((a, b) => a * b, 1);
      const o: Record<string, unknown> = { numEmbeddings: V, ...lookupOptions(g, V, false) };
      if (o.sparse && g.chance(0.5)) o.coalesce = g.chance(0.5);
      const grad = tensor(Float32Array.from(g.floats(n * D)), { shape: [...shape, D] });
      return [grad, g.idsAs(g.ids(n, V), shape), o];
    },
    call: call(embeddingGrad),
  },
  {
    covers: ["embeddingBagGrad"],
    who: ["embeddingBagGrad()"],
    options: [...BAG.filter((k) => k !== "maxNorm" && k !== "normType"), "coalesce"],
    valid(g) {
      const V = g.int(1, 12), D = g.int(1, 6);
      const layout = bagLayout(g, V);
      const o = bagOptions(g, V, layout, false);
      if (o.sparse && g.chance(0.5)) o.coalesce = g.chance(0.5);
      const grad = tensor(Float32Array.from(g.floats(layout.B * D)), { shape: [layout.B, D] });
      return [grad, g.table(V, D), g.idsAs(layout.ids, layout.shape), o];
    },
    call: call(embeddingBagGrad),
  },
  {
    covers: ["RowSparseGrad"],
    who: ["RowSparseGrad()"],
    options: ["numEmbeddings"],
    valid(g) {
      const V = g.int(1, 12), D = g.int(1, 5), n = g.int(0, 8);
      const values = g.chance(0.5)
        ? tensor(Float32Array.from(g.floats(n * D)), { shape: [n, D] })
        : Array.from({ length: n }, () => g.floats(D));
      return [g.idsAs(g.ids(n, V), [n]), n === 0 ? tensor([], { shape: [0, D] }) : values, {
        numEmbeddings: V,
      }];
    },
    call(args) {
      const r = new RowSparseGrad(...(args as ConstructorParameters<typeof RowSparseGrad>));
      return [r, r.toDense(), r.coalesce(), r.coalesce().toDense()];
    },
  },
];
