/**
 * The machinery of lowering: the steps and temps being built, and the
 * preparation steps gradient kernels share (one `bag_positions` per bag
 * backward, one `inv_freq` per index tensor, one `row_csr` per index tensor
 * and padding), memoised so a plan prepares each once.
 */

import type { Attrs } from "../graph/node.ts";
import type { KernelSpec, Split } from "../../kernels/kernel.ts";
import { CSR_HISTOGRAM_INTS } from "../../kernels/row_csr.ts";
import type { BindContext, Launch, PlanNode, Step, TempBuffer } from "./plan.ts";

/** Elements of a shape. */
export const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
/** Last dimension of a shape. */
export const last = (s: readonly number[]): number => s[s.length - 1];
/** The padding row as a kernel argument (-1: none). */
export const padOf = (attrs: Attrs): number => (attrs.paddingIdx ?? -1) as number;
/** Whether a node has a padding row. */
export const padded = (attrs: Attrs): boolean =>
  attrs.paddingIdx !== null && attrs.paddingIdx !== undefined;

/**
 * Tables larger than this are "cold": random rows come from memory, so the
 * Wasm kernels touch rows ahead to keep several in flight. Smaller tables
 * stay in cache, where the touches would only cost time.
 */
const COLD_TABLE_BYTES = 8 * 2 ** 20;
/** Whether a table of this shape is cold. */
export const cold = (shape: readonly number[]): boolean => size(shape) * 4 > COLD_TABLE_BYTES;

/** A launch description. */
export function launch(args: number[], units: number, split: Split, work = units): Launch {
  return { args, units, split, work };
}

/** Saves the table rows `idx` refers to; the returned function writes them back. */
export function backupRows(c: BindContext, W: number, idx: number, D: number): () => void {
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

/** Where a gradient kernel reads the gradient of each position. */
export interface GradSource {
  source: "rows" | "scaled" | "max";
  G: number;
  bagOf: number;
  scale: number;
  argmax: number;
  covers: number[];
}

/** Steps and temps under construction. */
export class Lowering {
  readonly steps: Step[] = [];
  readonly temps: TempBuffer[] = [];
  readonly #nodes: readonly PlanNode[];
  readonly #memo = new Map<string, number[]>();

  constructor(nodes: readonly PlanNode[]) {
    this.#nodes = nodes;
  }

  /** Printout name of a value. */
  v(value: number): string {
    return `%${value}`;
  }

  /** Printout name of a temp. */
  t(temp: number): string {
    return `$${temp}.${this.temps[temp].name}`;
  }

  /** A temp with `bytesPer` int32/float32 per index of `idx`, plus `extra`. */
  perIndex(idx: number, name: string, bytesPer: number, extra = 0): number {
    return this.temps.push({ name, bytes: (shape) => (size(shape(idx)) * bytesPer + extra) * 4 }) -
      1;
  }

  /** Appends a step. */
  step(
    kernel: string,
    spec: KernelSpec,
    covers: number[],
    rw: { reads: string[]; writes: string[] },
    bind: (c: BindContext) => Launch,
    backup?: Step["backup"],
  ): void {
    this.steps.push({ kernel, spec, covers, reads: rw.reads, writes: rw.writes, bind, backup });
  }

  /** The table a bag kernel reads: its rows input must be a gather. */
  tableOf(rows: number): number {
    const node = this.#nodes[rows];
    if (node.op !== "gather") {
      throw new Error(`internal: ${node.op} %${rows} cannot feed a bag kernel`);
    }
    return node.inputs[0];
  }

  #once(key: string, make: () => number[]): number[] {
    let hit = this.#memo.get(key);
    if (hit === undefined) this.#memo.set(key, hit = make());
    return hit;
  }

  /** bag_positions for an inlined bag_backward: temps [bagOf, scale]. */
  positionsFor(bb: number): number[] {
    return this.#once(`pos${bb}`, () => {
      const { attrs, inputs } = this.#nodes[bb];
      const [G, idx, off, extra] = inputs;
      const weighted = attrs.mode === "sum" && extra !== undefined;
      const bagOf = this.perIndex(idx, "bagOf", 1), scale = this.perIndex(idx, "scale", 1);
      const spec = { mean: attrs.mode === "mean", weighted, padded: padded(attrs) };
      const rw = { reads: [this.v(idx), this.v(off)], writes: [this.t(bagOf), this.t(scale)] };
      this.step("bag_positions", spec, [], rw, (c) => {
        const nOff = c.shape(off)[0], N = size(c.shape(idx));
        const psw = weighted ? c.ptr(extra) : 0;
        const args = [
          c.ptr(idx),
          c.ptr(off),
          nOff,
          N,
          psw,
          c.temp(bagOf),
          c.temp(scale),
          padOf(attrs),
        ];
        return { ...launch(args, c.shape(G)[0], "bags", N), offsets: { off: c.ptr(off), nOff, N } };
      });
      return [bagOf, scale];
    });
  }

  /** inv_freq for an index tensor: temp invFreq. */
  invFreqFor(idx: number, V: number): number {
    return this.#once(`freq${idx}`, () => {
      const t = this.perIndex(idx, "invFreq", 1);
      this.step(
        "inv_freq",
        {},
        [],
        { reads: [this.v(idx)], writes: [this.t(t)] },
        (c) => launch([c.ptr(idx), size(c.shape(idx)), c.scratch(V * 4), c.temp(t)], 1, "single"),
      );
      return [t];
    })[0];
  }

  /** row_csr for an index tensor and padding: temp csr (no per-row scratch). */
  csrFor(idx: number, attrs: Attrs): number {
    return this.#once(`csr${idx}:${padOf(attrs)}`, () => {
      const t = this.perIndex(idx, "csr", 4, 2 + CSR_HISTOGRAM_INTS);
      const rw = { reads: [this.v(idx)], writes: [this.t(t)] };
      this.step(
        "row_csr",
        { padded: padded(attrs) },
        [],
        rw,
        (c) =>
          launch(
            [c.ptr(idx), size(c.shape(idx)), padOf(attrs), c.temp(t)],
            1,
            "single",
          ),
      );
      return [t];
    })[0];
  }

  /** How a gradient kernel reads the rows of `src`: directly, or through an inlined bag backward. */
  gradSource(src: number): GradSource {
    const node = this.#nodes[src];
    if (node.op !== "bag_backward" || node.role !== "inlined") {
      return { source: "rows", G: src, bagOf: -1, scale: -1, argmax: -1, covers: [] };
    }
    const [G, , , extra] = node.inputs;
    const [bagOf, scale] = this.positionsFor(src);
    const max = node.attrs.mode === "max";
    return {
      source: max ? "max" : "scaled",
      G,
      bagOf,
      scale,
      argmax: max ? extra : -1,
      covers: [src],
    };
  }
}
