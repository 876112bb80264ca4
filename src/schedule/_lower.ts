/**
 * Lowering: each computed node becomes kernel steps, with the preparation
 * steps they need (see `_lowering.ts`). Static facts (embedding dim, mode,
 * flags) go into kernel specs; sizes and buffers are bound at run time by
 * `Step.bind`.
 */

import type { KernelSpec } from "../../kernels/kernel.ts";
import type { BindContext, PlanNode, Step, TempBuffer } from "./plan.ts";
import { backupRows, cold, last, launch, Lowering, padded, padOf, size } from "./_lowering.ts";
import { KernelFault } from "../runtime/_fault.ts";
import { badIndex } from "./_fault_message.ts";

type Shapes = readonly (readonly number[])[];

const ptrOrZero = (c: BindContext, t: number) => (t < 0 ? 0 : c.temp(t));

/** Lowers plan nodes (in topological order) to steps and the temps they use. */
export function lower(
  nodes: readonly PlanNode[],
  shapes: Shapes,
): { steps: Step[]; temps: TempBuffer[] } {
  const L = new Lowering(nodes);
  nodes.forEach((node, v) => {
    if (node.role === "input" || node.role === "inlined") return;
    const { attrs, inputs } = node;
    switch (node.op) {
      case "buffer":
        return;
      case "gather": {
        const [W, idx] = inputs;
        const spec = { D: last(shapes[W]), touch: cold(shapes[W]) };
        L.step(
          "gather",
          spec,
          [v],
          { reads: [L.v(W), L.v(idx)], writes: [L.v(v)] },
          (c) =>
            launch(
              [c.ptr(W), c.ptr(idx), c.ptr(v), c.shape(W)[0]],
              size(c.shape(idx)),
              "even",
              size(c.shape(v)),
            ),
          undefined,
          badIndex(W, idx),
        );
        return;
      }
      case "renorm": {
        const [W, idx] = inputs;
        const V = shapes[W][0], spec = { D: last(shapes[W]), p: attrs.normType as number };
        const rw = { reads: [L.v(W), L.v(idx)], writes: [`${L.v(v)} (in place of ${L.v(W)})`] };
        L.step(
          "renorm",
          spec,
          [v],
          rw,
          (c) => {
            const N = size(c.shape(idx));
            return launch(
              [c.ptr(W), c.ptr(idx), N, attrs.maxNorm as number, c.scratch(V), V],
              V,
              "even",
              N * spec.D,
            );
          },
          (c) => backupRows(c, W, idx, spec.D),
          badIndex(W, idx),
        );
        return;
      }
      case "bag":
      case "bag_argmax": {
        const [rows, idx, off, psw] = inputs;
        const R = L.rowsOf(rows, idx, attrs, shapes), D = R.D, touch = R.touch;
        const max = node.op === "bag_argmax";
        const spec: KernelSpec = max ? { D, padded: padded(attrs), touch } : {
          D,
          mode: attrs.mode as string,
          weighted: psw !== undefined,
          padded: padded(attrs),
          touch,
        };
        const reads = [R.name, L.v(idx), L.v(off), ...(psw !== undefined ? [L.v(psw)] : [])];
        L.step(
          max ? "bag_argmax" : "gather_bag",
          spec,
          [rows, v],
          { reads, writes: [L.v(v)] },
          (c) => {
            const nOff = c.shape(off)[0], N = size(c.shape(idx));
            const head = [R.W(c), R.idx(c), c.ptr(off), nOff, N];
            const args = max
              ? [...head, c.ptr(v), R.pad, R.V(c)]
              : [...head, psw !== undefined ? c.ptr(psw) : 0, c.ptr(v), R.pad, R.V(c)];
            return {
              ...launch(args, c.shape(v)[0], "bags", N * D),
              offsets: { off: c.ptr(off), nOff, N },
            };
          },
          undefined,
          R.fault(off),
        );
        return;
      }
      case "psw_grad": {
        const [G, rows, idx, off] = inputs;
        const R = L.rowsOf(rows, idx, attrs, shapes);
        const spec = { D: R.D, padded: padded(attrs), touch: R.touch };
        const rw = { reads: [L.v(G), R.name, L.v(idx), L.v(off)], writes: [L.v(v)] };
        L.step(
          "psw_grad",
          spec,
          [rows, v],
          rw,
          (c) => {
            const nOff = c.shape(off)[0], N = size(c.shape(idx));
            const args = [
              c.ptr(G),
              R.W(c),
              R.idx(c),
              c.ptr(off),
              nOff,
              N,
              R.pad,
              c.ptr(v),
              R.V(c),
            ];
            return {
              ...launch(args, c.shape(G)[0], "bags", N * spec.D),
              offsets: { off: c.ptr(off), nOff, N },
            };
          },
          undefined,
          R.fault(off),
        );
        return;
      }
      case "bag_backward":
        throw new Error(`internal: bag_backward %${v} must fuse into a gradient kernel`);
      case "scatter_add":
      case "sparse_values": {
        const [src, idx] = inputs;
        const g = L.gradSource(src);
        const V = attrs.numEmbeddings as number, freq = attrs.scaleGradByFreq === true;
        const invF = freq ? L.invFreqFor(idx, V) : -1;
        const dense = node.op === "scatter_add", coalesced = attrs.coalesced === true;
        const csr = coalesced ? L.csrFor(idx, attrs, attrs.numEmbeddings as number) : -1;
        const base = { D: last(shapes[src]), source: g.source, freq, padded: padded(attrs) };
        const reads = [
          L.v(g.G),
          L.v(idx),
          ...[g.bagOf, g.scale, invF, csr].filter((t) => t >= 0).map((t) => L.t(t)),
        ];
        if (g.argmax >= 0) reads.push(L.v(g.argmax));
        const kernel = dense ? "scatter_rows" : "sparse_values";
        L.step(
          kernel,
          dense ? base : { ...base, coalesced },
          [...g.covers, v],
          {
            reads,
            writes: [L.v(v)],
          },
          (c) => {
            const N = size(c.shape(idx));
            const args = [
              c.ptr(g.G),
              c.ptr(idx),
              N,
              c.ptr(v),
              padOf(attrs),
              ptrOrZero(c, g.bagOf),
              ptrOrZero(c, g.scale),
              g.argmax >= 0 ? c.ptr(g.argmax) : 0,
              ptrOrZero(c, invF),
            ];
            if (dense) return launch([...args, V], V, "even", (V + N) * base.D);
            const nOut = c.shape(v)[0];
            const units = coalesced ? c.heap.i32[c.temp(csr) >>> 2] : N;
            // More distinct rows than the result holds: the indices changed after validation.
            if (coalesced && units >>> 0 > nOut) throw new KernelFault("sparse_values");
            return launch([...args, ptrOrZero(c, csr), nOut], units, "even", N * base.D);
          },
          undefined,
          badIndex(-1, idx, -1, V),
        );
        return;
      }
      case "sparse_indices": {
        const [idx] = inputs;
        const coalesced = attrs.coalesced === true;
        const csr = coalesced ? L.csrFor(idx, attrs, attrs.numEmbeddings as number) : -1;
        const rw = { reads: [L.v(idx), ...(csr >= 0 ? [L.t(csr)] : [])], writes: [L.v(v)] };
        L.step(
          "sparse_indices",
          { padded: padded(attrs), coalesced },
          [v],
          rw,
          (c) =>
            launch(
              [
                c.ptr(idx),
                size(c.shape(idx)),
                padOf(attrs),
                ptrOrZero(c, csr),
                c.ptr(v),
                attrs.numEmbeddings as number,
                c.shape(v)[0],
              ],
              1,
              "single",
            ),
          undefined,
          badIndex(-1, idx, -1, attrs.numEmbeddings as number),
        );
        return;
      }
    }
  });
  return { steps: L.steps, temps: L.temps };
}
