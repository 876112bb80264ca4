/**
 * A plan: what the scheduler produces and the executors run. Plain data plus
 * one `bind` function per step that turns concrete buffers and shapes into a
 * kernel launch; nothing in a plan refers to concrete storage, so plans are
 * cached and replayed.
 *
 * @module
 */

import type { Attrs, DType, OpKind } from "../graph/node.ts";
import type { Heap, KernelSpec, Split } from "../../kernels/kernel.ts";

/** How a value of the plan is held. */
export type Role =
  /** A realized leaf: an input of the plan. */
  | "input"
  /** Computed and kept: the caller asked for it (or it is written in place). */
  | "output"
  /** Computed into a buffer that is freed when the plan ends. */
  | "temp"
  /** Fused into its consumers: never materialised. */
  | "inlined";

/** A graph node as the plan remembers it (no storage, no links). */
export interface PlanNode {
  readonly op: OpKind;
  readonly attrs: Attrs;
  /** Positions of the inputs in `Plan.nodes`. */
  readonly inputs: readonly number[];
  readonly dtype: DType;
  /** Input position whose buffer this node writes in place, or -1. */
  readonly aliases: number;
  readonly role: Role;
}

/** A preparation buffer that is not a graph node (e.g. per-position bag ids). */
export interface TempBuffer {
  /** Name for printouts, e.g. `bagOf`. */
  readonly name: string;
  /** Size in bytes, from the shapes of the plan's values. */
  readonly bytes: (shape: (value: number) => readonly number[]) => number;
}

/** What a step's `bind` can ask for. */
export interface BindContext {
  /** Byte offset of a value's buffer. */
  ptr(value: number): number;
  /** Shape of a value. */
  shape(value: number): readonly number[];
  /**
   * Attrs of a value's node in the graph being run: a plan serves every graph
   * of its structure, so the attrs a primitive's `structure` leaves out (its
   * run-time arguments) must be read here, never from the plan.
   */
  attrs(value: number): Attrs;
  /** Byte offset of a temp buffer. */
  temp(id: number): number;
  /** Byte offset of a zeroed scratch area of at least `bytes`, which kernels leave zeroed. */
  scratch(bytes: number): number;
  /** The arena, to read sizes computed by earlier steps. */
  readonly heap: Heap;
}

/** One kernel launch, bound to concrete buffers. */
export interface Launch {
  readonly args: readonly number[];
  /** Number of work units (positions, bags or rows). */
  readonly units: number;
  readonly split: Split;
  /** Estimated work in element operations (decides inline or Workers). */
  readonly work: number;
  /** For `split: "bags"`: where the offsets are, to balance bags by index count. */
  readonly offsets?: { readonly off: number; readonly nOff: number; readonly N: number };
}

/** One step of a plan: a kernel with its static spec. */
export interface Step {
  readonly kernel: string;
  readonly spec: KernelSpec;
  /** Graph values this step computes (more than one when fused). */
  readonly covers: readonly number[];
  /** Values and temps the step reads and writes, for printouts. */
  readonly reads: readonly string[];
  readonly writes: readonly string[];
  /** Binds the step just before it runs (earlier steps have completed). */
  readonly bind: (ctx: BindContext) => Launch;
  /**
   * For steps that write an input in place: saves what the step may change
   * and returns how to put it back, so a failed run leaves tables as they were.
   */
  readonly backup?: (ctx: BindContext) => () => void;
  /**
   * Describes the index data the kernel refused (an index or offset out of
   * range, changed after validation), for the `RangeError` the run raises.
   */
  readonly fault?: (ctx: BindContext) => string;
}

/** A scheduled graph. */
export interface Plan {
  /** Structural key of the graph it was made for. */
  readonly key: string;
  readonly nodes: readonly PlanNode[];
  readonly temps: readonly TempBuffer[];
  readonly steps: readonly Step[];
}
