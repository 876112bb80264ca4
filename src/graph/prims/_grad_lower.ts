/**
 * The lowering shared by the gradient kernels: `scatter_add` (dense
 * `scatter_rows`), `row_scatter_add` (the same kernel adding `alpha` times
 * the gradient into a table in place), `sparse_values` and a standalone
 * `bag_backward` (the uncoalesced values kernel over every position, padding
 * positions getting zero rows through their zero scale).
 *
 * @module
 */

import type { LowerNode } from "../primitive.ts";
import { last, launch, type Lowering, padded, padOf, size } from "../../schedule/_lowering.ts";
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
  const alpha = node.op === "row_scatter_add" ? node.attrs.alpha : 1;
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
  const pad = standalone ? false : padded(node.attrs);
  const base = { D: last(shapes[standalone ? g.G : src]), source: g.source, freq, padded: pad };
  const reads = [
    ...(update ? [L.v(node.inputs[0])] : []),
    L.v(g.G),
    L.v(idx),
    ...[g.bagOf, g.scale, invF, csr].filter((t) => t >= 0).map((t) => L.t(t)),
  ];
  if (g.argmax >= 0) reads.push(L.v(g.argmax));
  L.step(
    dense ? "scatter_rows" : "sparse_values",
    dense ? (update ? { ...base, update } : base) : { ...base, coalesced },
    [...g.covers, v],
    { reads, writes: [update ? `${L.v(v)} (in place of ${L.v(node.inputs[0])})` : L.v(v)] },
    (c) => {
      const N = size(c.shape(idx));
      const args = [
        c.ptr(g.G),
        c.ptr(idx),
        N,
        c.ptr(v),
        standalone ? -1 : padOf(node.attrs),
        ptrOrZero(c, g.bagOf),
        ptrOrZero(c, g.scale),
        g.argmax >= 0 ? c.ptr(g.argmax) : 0,
        ptrOrZero(c, invF),
      ];
      // An update adds into the table's rows; a gradient also zeroes them.
      if (dense) return launch([...args, V, alpha], V, "even", (update ? N : V + N) * base.D);
      const nOut = c.shape(v)[0];
      const units = coalesced ? c.heap.i32[c.temp(csr) >>> 2] : N;
      // More distinct rows than the result holds: the indices changed after validation.
      if (coalesced && units >>> 0 > nOut) throw new KernelFault("sparse_values");
      return launch([...args, ptrOrZero(c, csr), nOut], units, "even", N * base.D);
    },
    undefined,
    badIndex(-1, idx, -1, standalone ? Infinity : V),
  );
}
