/**
 * Lowering: each computed node becomes kernel steps, with the preparation
 * steps they need. Static facts (embedding dim, mode, flags) go into kernel
 * specs; sizes and buffers are bound at run time by `Step.bind`.
 */

import type { Attrs } from "../graph/node.ts";
import type { KernelSpec, Split } from "../../kernels/kernel.ts";
import { CSR_HISTOGRAM_INTS } from "../../kernels/row_csr.ts";
import type { BindContext, Launch, PlanNode, Step, TempBuffer } from "./plan.ts";

type Shapes = readonly (readonly number[])[];

/**
 * Tables larger than this are "cold": random rows come from memory, so the
 * Wasm kernels touch rows ahead to keep several in flight. Smaller tables
 * stay in cache, where the touches would only cost time.
 */
const COLD_TABLE_BYTES = 8 * 2 ** 20;
const cold = (shape: readonly number[]) => size(shape) * 4 > COLD_TABLE_BYTES;

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const last = (s: readonly number[]) => s[s.length - 1];
const padOf = (attrs: Attrs) => (attrs.paddingIdx ?? -1) as number;
const padded = (attrs: Attrs) => attrs.paddingIdx !== null && attrs.paddingIdx !== undefined;

/** Where a gradient kernel reads the gradient of each position. */
interface GradSource {
  source: "rows" | "scaled" | "max";
  G: number;
  bagOf: number;
  scale: number;
  argmax: number;
  covers: number[];
}

/** Saves the table rows `idx` refers to; the returned function writes them back. */
function backupRows(c: BindContext, W: number, idx: number, D: number): () => void {
  const { f32, i32 } = c.heap;
  const w = c.ptr(W) >>> 2, ids = c.ptr(idx) >>> 2, n = size(c.shape(idx));
  const saved = new Float32Array(n * D);
  for (let j = 0; j < n; j++) {
    saved.set(f32.subarray(w + i32[ids + j] * D, w + (i32[ids + j] + 1) * D), j * D);
  }
  return () => {
    const { f32: now, i32: at } = c.heap;
    for (let j = 0; j < n; j++) now.set(saved.subarray(j * D, (j + 1) * D), w + at[ids + j] * D);
  };
}

/** Lowers plan nodes (in topological order) to steps and the temps they use. */
export function lower(nodes: readonly PlanNode[], shapes: Shapes): {
  steps: Step[];
  temps: TempBuffer[];
} {
  const steps: Step[] = [];
  const temps: TempBuffer[] = [];
  const memo = new Map<string, number[]>();
  const v$ = (v: number) => `%${v}`;
  const t$ = (t: number) => `$${t}.${temps[t].name}`;
  const ptrOrZero = (c: BindContext, t: number) => (t < 0 ? 0 : c.temp(t));
  const perIndex = (idx: number, name: string, bytesPer: number, extra = 0) =>
    temps.push({ name, bytes: (shape) => (size(shape(idx)) * bytesPer + extra) * 4 }) - 1;
  const step = (
    kernel: string,
    spec: KernelSpec,
    covers: number[],
    reads: string[],
    writes: string[],
    bind: (c: BindContext) => Launch,
    backup?: Step["backup"],
  ) => steps.push({ kernel, spec, covers, reads, writes, bind, backup });
  const launch = (args: number[], units: number, split: Split, work = units): Launch => ({
    args,
    units,
    split,
    work,
  });
  const tableOf = (rows: number) => {
    if (nodes[rows].op !== "gather") {
      throw new Error(`internal: ${nodes[rows].op} %${rows} cannot feed a bag kernel`);
    }
    return nodes[rows].inputs[0];
  };

  /** bag_positions for an inlined bag_backward: temps [bagOf, scale]. */
  const positionsFor = (bb: number): number[] => {
    const hit = memo.get(`pos${bb}`);
    if (hit) return hit;
    const { attrs, inputs } = nodes[bb];
    const [G, idx, off, extra] = inputs;
    const weighted = attrs.mode === "sum" && extra !== undefined;
    const bagOf = perIndex(idx, "bagOf", 1), scale = perIndex(idx, "scale", 1);
    const spec = { mean: attrs.mode === "mean", weighted, padded: padded(attrs) };
    step("bag_positions", spec, [], [v$(idx), v$(off)], [t$(bagOf), t$(scale)], (c) => {
      const nOff = c.shape(off)[0], N = size(c.shape(idx));
      return {
        ...launch(
          [
            c.ptr(idx),
            c.ptr(off),
            nOff,
            N,
            weighted ? c.ptr(extra) : 0,
            c.temp(bagOf),
            c.temp(scale),
            padOf(attrs),
          ],
          c.shape(G)[0],
          "bags",
          N,
        ),
        offsets: { off: c.ptr(off), nOff, N },
      };
    });
    memo.set(`pos${bb}`, [bagOf, scale]);
    return [bagOf, scale];
  };

  /** inv_freq for an index tensor: temp [invFreq]. */
  const invFreqFor = (idx: number, V: number): number => {
    const hit = memo.get(`freq${idx}`);
    if (hit) return hit[0];
    const t = perIndex(idx, "invFreq", 1);
    step(
      "inv_freq",
      {},
      [],
      [v$(idx)],
      [t$(t)],
      (c) => launch([c.ptr(idx), size(c.shape(idx)), c.scratch(V * 4), c.temp(t)], 1, "single"),
    );
    memo.set(`freq${idx}`, [t]);
    return t;
  };

  /** row_csr for an index tensor and padding: temp [csr]. */
  const csrFor = (idx: number, attrs: Attrs, V: number): number => {
    const key = `csr${idx}:${padOf(attrs)}`;
    const hit = memo.get(key);
    if (hit) return hit[0];
    const t = perIndex(idx, "csr", 3, 2 + CSR_HISTOGRAM_INTS);
    step(
      "row_csr",
      { padded: padded(attrs) },
      [],
      [v$(idx)],
      [t$(t)],
      (c) =>
        launch(
          [c.ptr(idx), size(c.shape(idx)), padOf(attrs), c.scratch(V * 4), c.temp(t)],
          1,
          "single",
        ),
    );
    memo.set(key, [t]);
    return t;
  };

  const gradSource = (src: number): GradSource => {
    const node = nodes[src];
    if (node.op !== "bag_backward" || node.role !== "inlined") {
      return { source: "rows", G: src, bagOf: -1, scale: -1, argmax: -1, covers: [] };
    }
    const [G, , , extra] = node.inputs;
    const [bagOf, scale] = positionsFor(src);
    const max = node.attrs.mode === "max";
    return {
      source: max ? "max" : "scaled",
      G,
      bagOf,
      scale,
      argmax: max ? extra : -1,
      covers: [src],
    };
  };

  nodes.forEach((node, v) => {
    if (node.role === "input" || node.role === "inlined") return;
    const { attrs, inputs } = node;
    switch (node.op) {
      case "buffer":
        return;
      case "gather": {
        const [W, idx] = inputs;
        step(
          "gather",
          { D: last(shapes[W]), touch: cold(shapes[W]) },
          [v],
          [v$(W), v$(idx)],
          [v$(v)],
          (c) =>
            launch([c.ptr(W), c.ptr(idx), c.ptr(v)], size(c.shape(idx)), "even", size(c.shape(v))),
        );
        return;
      }
      case "renorm": {
        const [W, idx] = inputs;
        const V = shapes[W][0], spec = { D: last(shapes[W]), p: attrs.normType as number };
        step(
          "renorm",
          spec,
          [v],
          [v$(W), v$(idx)],
          [`${v$(v)} (in place of ${v$(W)})`],
          (c) =>
            launch(
              [c.ptr(W), c.ptr(idx), size(c.shape(idx)), attrs.maxNorm as number, c.scratch(V)],
              V,
              "even",
              size(c.shape(idx)) * spec.D,
            ),
          (c) => backupRows(c, W, idx, spec.D),
        );
        return;
      }
      case "bag":
      case "bag_argmax": {
        const [rows, idx, off, psw] = inputs;
        const W = tableOf(rows), D = last(shapes[W]);
        const max = node.op === "bag_argmax";
        const touch = cold(shapes[W]);
        const spec: KernelSpec = max ? { D, padded: padded(attrs), touch } : {
          D,
          mode: attrs.mode as string,
          weighted: psw !== undefined,
          padded: padded(attrs),
          touch,
        };
        const reads = [v$(W), v$(idx), v$(off), ...(psw !== undefined ? [v$(psw)] : [])];
        step(max ? "bag_argmax" : "gather_bag", spec, [rows, v], reads, [v$(v)], (c) => {
          const nOff = c.shape(off)[0], N = size(c.shape(idx));
          const head = [c.ptr(W), c.ptr(idx), c.ptr(off), nOff, N];
          const args = max
            ? [...head, c.ptr(v), padOf(attrs)]
            : [...head, psw !== undefined ? c.ptr(psw) : 0, c.ptr(v), padOf(attrs)];
          return {
            ...launch(args, c.shape(v)[0], "bags", N * D),
            offsets: { off: c.ptr(off), nOff, N },
          };
        });
        return;
      }
      case "psw_grad": {
        const [G, rows, idx, off] = inputs;
        const W = tableOf(rows);
        const spec = { D: last(shapes[W]), padded: padded(attrs), touch: cold(shapes[W]) };
        step("psw_grad", spec, [rows, v], [v$(G), v$(W), v$(idx), v$(off)], [v$(v)], (c) => {
          const nOff = c.shape(off)[0], N = size(c.shape(idx));
          const args = [
            c.ptr(G),
            c.ptr(W),
            c.ptr(idx),
            c.ptr(off),
            nOff,
            N,
            padOf(attrs),
            c.ptr(v),
          ];
          return {
            ...launch(args, c.shape(G)[0], "bags", N * spec.D),
            offsets: { off: c.ptr(off), nOff, N },
          };
        });
        return;
      }
      case "bag_backward":
        throw new Error(`internal: bag_backward %${v} must fuse into a gradient kernel`);
      case "scatter_add":
      case "sparse_values": {
        const [src, idx] = inputs;
        const g = gradSource(src);
        const V = attrs.numEmbeddings as number;
        const freq = attrs.scaleGradByFreq === true;
        const invF = freq ? invFreqFor(idx, V) : -1;
        const dense = node.op === "scatter_add";
        const coalesced = attrs.coalesced === true;
        const csr = coalesced ? csrFor(idx, attrs, V) : -1;
        const base = { D: last(shapes[src]), source: g.source, freq, padded: padded(attrs) };
        const spec = dense ? base : { ...base, coalesced };
        const reads = [
          v$(g.G),
          v$(idx),
          ...[g.bagOf, g.scale, invF, csr].filter((t) => t >= 0).map(t$),
        ];
        if (g.argmax >= 0) reads.push(v$(g.argmax));
        step(
          dense ? "scatter_rows" : "sparse_values",
          spec,
          [...g.covers, v],
          reads,
          [v$(v)],
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
            if (dense) return launch(args, V, "even", (V + N) * base.D);
            const units = coalesced ? c.heap.i32[c.temp(csr) >>> 2] : N;
            return launch([...args, ptrOrZero(c, csr)], units, "even", N * base.D);
          },
        );
        return;
      }
      case "sparse_indices": {
        const [idx] = inputs;
        const coalesced = attrs.coalesced === true;
        const csr = coalesced ? csrFor(idx, attrs, attrs.numEmbeddings as number) : -1;
        const spec = { padded: padded(attrs), coalesced };
        step(
          "sparse_indices",
          spec,
          [v],
          [v$(idx), ...(csr >= 0 ? [t$(csr)] : [])],
          [v$(v)],
          (c) =>
            launch(
              [c.ptr(idx), size(c.shape(idx)), padOf(attrs), ptrOrZero(c, csr), c.ptr(v)],
              1,
              "single",
            ),
        );
        return;
      }
    }
  });
  return { steps, temps };
}
