/**
 * The lowering shared by the gradient kernels: `scatter_add` (dense
 * `scatter_rows`), `row_scatter_add` (the same kernel adding `alpha` times
 * the gradient into a table in place), `sparse_values` and a standalone
 * `bag_backward` (the uncoalesced values kernel over every position, padding
 * positions getting zero rows through their zero scale).
 *
 * @module
 */

import type { AttrsOf, LowerNode } from "../primitive.ts";
import { last, type Lowering, padded, padOf, size } from "../../schedule/_lowering.ts";
import { scatterRows } from "../../../kernels/scatter_rows.ts";
import { sparseValues } from "../../../kernels/sparse_values.ts";
import type { BindContext } from "../../schedule/plan.ts";
import { KernelFault } from "../../runtime/_fault.ts";
import { badIndex } from "../../schedule/_fault_message.ts";

const ptrOrZero = (c: BindContext, t: number) => (t < 0 ? 0 : c.temp(t));

type GradNode =
  | LowerNode<"scatter_add">
  | LowerNode<"row_scatter_add">
  | LowerNode<"sparse_values">
  | LowerNode<"bag_backward">;

/** Lowers a gradient node to `scatter_rows` or `sparse_values`. */
export function lowerGrad(
  L: Lowering,
  node: GradNode,
  shapes: readonly (readonly number[])[],
): void {
  const update = node.op === "row_scatter_add";
  const [src, idx] = update ? node.inputs.slice(1) : node.inputs, v = node.v;
  // A standalone bag backward: rows of every position, from the bag's cotangent.
  const standalone = node.op === "bag_backward";
  const g = standalone ? L.bagSource(v) : L.gradSource(src);
  const V = node.op === "bag_backward" ? 0 : update ? shapes[v][0] : node.attrs.numEmbeddings;
  const freq = node.op !== "bag_backward" && node.attrs.scaleGradByFreq;
  const invF = freq ? L.invFreqFor(idx, V) : -1;
  const dense = node.op === "scatter_add" || update;
  const coalesced = node.op === "sparse_values" && node.attrs.coalesced;
  const csr = coalesced ? L.csrFor(idx, node.attrs, V) : -1;
  // A coalescing update sums each row at its first position: a `[N, D]` temp.
  const coalesce = node.op === "row_scatter_add" && node.attrs.coalesce;
  const sums = coalesce ? L.perIndex(idx, "sums", last(shapes[v])) : -1;
  const pad = standalone ? false : padded(node.attrs);
  const base = { D: last(shapes[standalone ? g.G : src]), source: g.source, freq, padded: pad };
  const reads = [
    ...(update ? [L.v(node.inputs[0])] : []),
    L.v(g.G),
    L.v(idx),
    ...[g.bagOf, g.scale, invF, csr, sums].filter((t) => t >= 0).map((t) => L.t(t)),
  ];
  if (g.argmax >= 0) reads.push(L.v(g.argmax));
  const covers = [...g.covers, v];
  const rw = {
    reads,
    writes: [update ? `${L.v(v)} (in place of ${L.v(node.inputs[0])})` : L.v(v)],
  };
  const fault = badIndex(-1, idx, -1, standalone ? Infinity : V);
  // What both kernels read: the gradient rows, the indices and the per-position sources.
  const common = (c: BindContext) => ({
    G: c.ptr(g.G),
    idx: c.ptr(idx),
    N: size(c.shape(idx)),
    out: c.ptr(v),
    pad: standalone ? -1 : padOf(node.attrs),
    bagOf: ptrOrZero(c, g.bagOf),
    scale: ptrOrZero(c, g.scale),
    argmax: g.argmax >= 0 ? c.ptr(g.argmax) : 0,
    invFreq: ptrOrZero(c, invF),
  });
  if (dense) {
    L.step(
      scatterRows,
      update ? { ...base, update, ...(coalesce ? { coalesce } : {}) } : base,
      covers,
      rw,
      (c, launch) => {
        const a = common(c);
        // An update adds into the table's rows; a gradient also zeroes them.
        const work = (update ? a.N : V + a.N) * base.D;
        const acc = ptrOrZero(c, sums), slot = coalesce ? c.scratch(4 * V) : 0;
        // A step's rate is a run-time argument (see `rowScatterAddPrim.structure`).
        const alpha = update ? (c.attrs(v) as AttrsOf["row_scatter_add"]).alpha : 1;
        return launch({ ...a, V, alpha, acc, slot }, V, "even", work);
      },
      undefined,
      fault,
    );
    return;
  }
  L.step(
    sparseValues,
    { ...base, coalesced },
    covers,
    rw,
    (c, launch) => {
      const a = common(c);
      const nOut = c.shape(v)[0];
      const units = coalesced ? c.heap.i32[c.temp(csr) >>> 2] : a.N;
      // More distinct rows than the result holds: the indices changed after validation.
      if (coalesced && units >>> 0 > nOut) throw new KernelFault("sparse_values");
      return launch({ ...a, csr: ptrOrZero(c, csr), nOut }, units, "even", a.N * base.D);
    },
    undefined,
    fault,
  );
}
