/**
 * The machinery of lowering: the steps and temps being built, and the
 * preparation steps gradient kernels share (one `bag_positions` per bag
 * backward, one `inv_freq` per index tensor, one `row_csr` per index tensor
 * and padding), memoised so a plan prepares each once.
 */

import type { Attrs } from "../graph/node.ts";
import type { Kernel, KernelSpec } from "../../kernels/kernel.ts";
import type { Signature } from "../../kernels/signature.ts";
import { type Launcher, launcher } from "./_launcher.ts";
import { CSR_HISTOGRAM_INTS, rowCsr } from "../../kernels/row_csr.ts";
import { bagPositions } from "../../kernels/bag_positions.ts";
import { invFreq } from "../../kernels/inv_freq.ts";
import type { BindContext, Launch, PlanNode, Step, TempBuffer } from "./plan.ts";
import { badIndex } from "./_fault_message.ts";
import { backupRows as rowBackup } from "./_row_backup.ts";

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

/**
 * Saves the distinct table rows `idx` refers to; the returned function
 * writes them back. Rows outside the table (indices changed after
 * validation) are neither saved nor restored: the kernel refuses them too.
 */
export function backupRows(c: BindContext, W: number, idx: number, D: number): () => void {
  const V = c.shape(W)[0];
  return rowBackup(() => c.heap, c.ptr(W) >>> 2, c.ptr(idx) >>> 2, size(c.shape(idx)), V, D)
    .restore;
}

/** How a bag kernel reads its rows (see `Lowering.rowsOf`). */
export interface Rows {
  /** Printout name of what is read. */
  readonly name: string;
  readonly D: number;
  readonly touch: boolean;
  readonly W: (c: BindContext) => number;
  readonly V: (c: BindContext) => number;
  readonly idx: (c: BindContext) => number;
  readonly pad: number;
  readonly fault: (off: number) => (c: BindContext) => string;
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
  readonly #groups: ReadonlyMap<number, readonly number[]>;
  readonly #members: ReadonlySet<number>;

  constructor(
    nodes: readonly PlanNode[],
    groups: ReadonlyMap<number, readonly number[]> = new Map(),
  ) {
    this.#nodes = nodes;
    this.#groups = groups;
    this.#members = new Set([...groups.values()].flat());
  }

  /** The writers lowered with leader `v` (see `_writer_groups.ts`), if `v` leads a group. */
  writerGroup(v: number): readonly number[] | undefined {
    return this.#groups.get(v);
  }

  /** Whether `v` is lowered by its group's leader. */
  grouped(v: number): boolean {
    return this.#members.has(v);
  }

  /** The plan node at a position. */
  node(value: number): PlanNode {
    return this.#nodes[value];
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

  /**
   * Appends a step of `kernel`; `bind` builds its launch through `launch`,
   * which takes the kernel's arguments by name.
   */
  step<S extends KernelSpec, G extends Signature>(
    kernel: Kernel<S, G>,
    spec: S,
    covers: number[],
    rw: { reads: string[]; writes: string[] },
    bind: (c: BindContext, launch: Launcher<G>) => Launch,
    backup?: Step["backup"],
    fault?: Step["fault"],
  ): void {
    const launch = launcher(kernel, spec);
    this.steps.push({
      kernel: kernel.name,
      spec,
      covers,
      reads: rw.reads,
      writes: rw.writes,
      bind: (c) => bind(c, launch),
      backup,
      fault,
    });
  }

  /**
   * Where a bag kernel reads its rows: the table of the gather it fuses, or,
   * when the gather was already materialised (a lookup of the same indices,
   * or rows saved before an in-place max-norm), those rows themselves, read
   * through positions `j` (and -1 at padding positions, the padding then).
   */
  rowsOf(rows: number, idx: number, attrs: Attrs, shapes: readonly (readonly number[])[]): Rows {
    const node = this.#nodes[rows];
    if (node.op !== "gather") {
      throw new Error(`internal: ${node.op} %${rows} cannot feed a bag kernel`);
    }
    if (node.role !== "input") {
      const W = node.inputs[0];
      return {
        name: this.v(W),
        D: last(shapes[W]),
        touch: cold(shapes[W]),
        W: (c) => c.ptr(W),
        V: (c) => c.shape(W)[0],
        idx: (c) => c.ptr(idx),
        pad: padOf(attrs),
        fault: (off) => badIndex(W, idx, off),
      };
    }
    const t = this.perIndex(idx, "positions", 1), pad = padOf(attrs);
    return {
      name: this.v(rows),
      D: last(shapes[rows]),
      touch: false,
      W: (c) => c.ptr(rows),
      V: (c) => size(c.shape(idx)),
      idx: (c) => {
        const i32 = c.heap.i32, from = c.ptr(idx) >>> 2, to = c.temp(t) >>> 2;
        for (let j = 0, n = size(c.shape(idx)); j < n; j++) {
          i32[to + j] = padded(attrs) && i32[from + j] === pad ? -1 : j;
        }
        return c.temp(t);
      },
      pad: -1,
      fault: (off) => badIndex(-1, idx, off, Infinity),
    };
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
      this.step(
        bagPositions,
        spec,
        [],
        rw,
        (c, launch) => {
          const nOff = c.shape(off)[0], N = size(c.shape(idx));
          const args = {
            idx: c.ptr(idx),
            off: c.ptr(off),
            nOff,
            N,
            psw: weighted ? c.ptr(extra) : 0,
            bagOf: c.temp(bagOf),
            scale: c.temp(scale),
            pad: padOf(attrs),
          };
          return {
            ...launch(args, c.shape(G)[0], "bags", N),
            offsets: { off: c.ptr(off), nOff, N },
          };
        },
        undefined,
        badIndex(-1, idx, off, Infinity),
      );
      return [bagOf, scale];
    });
  }

  /** inv_freq for an index tensor: temp invFreq. */
  invFreqFor(idx: number, V: number): number {
    return this.#once(`freq${idx}`, () => {
      const t = this.perIndex(idx, "invFreq", 1);
      this.step(
        invFreq,
        {},
        [],
        { reads: [this.v(idx)], writes: [this.t(t)] },
        (c, launch) => {
          const N = size(c.shape(idx));
          const args = { idx: c.ptr(idx), N, counts: c.scratch(V * 4), invFreq: c.temp(t), V };
          return launch(args, 1, "single");
        },
        undefined,
        badIndex(-1, idx, -1, V),
      );
      return [t];
    })[0];
  }

  /** row_csr for an index tensor and padding: temp csr (no per-row scratch). */
  csrFor(idx: number, attrs: Attrs, V: number): number {
    return this.#once(`csr${idx}:${padOf(attrs)}`, () => {
      const t = this.perIndex(idx, "csr", 4, 2 + CSR_HISTOGRAM_INTS);
      const rw = { reads: [this.v(idx)], writes: [this.t(t)] };
      this.step(
        rowCsr,
        { padded: padded(attrs) },
        [],
        rw,
        (c, launch) => {
          const N = size(c.shape(idx));
          return launch({ idx: c.ptr(idx), N, pad: padOf(attrs), csr: c.temp(t), V }, 1, "single");
        },
        undefined,
        badIndex(-1, idx, -1, V),
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
    return { ...this.bagSource(src), covers: [src] };
  }

  /** How a gradient kernel reads the rows a bag backward `bb` computes. */
  bagSource(bb: number): GradSource {
    const [G, , , extra] = this.#nodes[bb].inputs;
    const [bagOf, scale] = this.positionsFor(bb);
    const max = this.#nodes[bb].attrs.mode === "max";
    return {
      source: max ? "max" : "scaled",
      G,
      bagOf,
      scale,
      argmax: max ? extra : -1,
      covers: [],
    };
  }
}
