/**
 * The kernel contract.
 *
 * A kernel is a pure function of the arena views, a static spec (specialised
 * on: embedding dim, mode, flags) and numeric arguments (byte offsets into the
 * arena and sizes). It processes the work units `[start, end)` of one launch
 * (positions, bags or table rows, as the kernel documents) and writes only
 * what those units own, so launches can be split across Workers.
 *
 * JS kernels are the reference: each float32 operation is rounded to float32
 * exactly where a Wasm `f32` instruction would round, so the Wasm kernels must
 * agree with them bit for bit. They are self-contained (no imports, no
 * closures) because Workers rebuild them from their source text.
 *
 * Ops validate options and index data at the boundary, but index data can
 * change afterwards (through a `dataSync()` view), so kernels guard every
 * index and bag bound they dereference with one compare (`k >>> 0 < V`): a
 * kernel returns `FAULT` at the first bad value, before touching memory
 * outside its tensors, and the runtime turns that into a `RangeError`.
 *
 * @module
 */

import type { Heap } from "../src/memory/arena.ts";
import {
  argDecoder,
  type ArgLayout,
  argLayout,
  type decodeArgs,
  type JsArgs,
  type Signature,
} from "./signature.ts";

export type { Heap } from "../src/memory/arena.ts";

/** Static specialisation of a kernel: plain JSON data. */
export type KernelSpec = Readonly<Record<string, number | string | boolean>>;

/** How a launch's units are split across Workers. */
export type Split =
  /** Equal ranges of units. */
  | "even"
  /** Ranges of bags holding about the same number of indices (args name the offsets). */
  | "bags"
  /** One Worker does everything. */
  | "single";

/** What a kernel returns when an index or offset it was about to dereference is out of range. */
export const FAULT = 1;

/**
 * A JS reference kernel body: returns 0, or `FAULT` (see above). It reads
 * its arguments by name, decoded from the signature (pointers as element
 * offsets).
 */
export type KernelFn<S extends KernelSpec = KernelSpec, G extends Signature = Signature> = (
  heap: Heap,
  spec: S,
  args: JsArgs<G>,
  start: number,
  end: number,
) => number;

/** A kernel: its name, signature, what its units are, and its reference implementation. */
export interface Kernel<S extends KernelSpec = KernelSpec, G extends Signature = Signature> {
  /** Stable name, used in schedules, caches and Worker commands. */
  readonly name: string;
  /**
   * Its parameters, written once (see `signature.ts`): the JS body's decoded
   * arguments, the Wasm `run` parameters and the lowerings' binding derive from it.
   */
  readonly sig: G;
  /** What one unit of work is (for printouts): "position", "bag", "row", "unique row", "task". */
  readonly unit: string;
  /** The JS reference body. */
  readonly js: KernelFn<S, G>;
  /** Self-contained functions the body calls, shipped with it to Workers. */
  // deno-lint-ignore no-explicit-any
  readonly helpers?: readonly ((...args: any[]) => unknown)[];
}

/** Per signature without lists: its layout, and decoded arguments reused between calls. */
const decoders = new WeakMap<
  Signature,
  { layout: ArgLayout; decode: typeof decodeArgs; into: Record<string, number | number[]> }
>();

/**
 * Runs a JS reference body on positional arguments (as launches and Workers
 * carry them), decoded by the kernel's signature. A body runs to completion,
 * so one decoded-arguments object per signature serves every call.
 */
export function runJs<S extends KernelSpec, G extends Signature>(
  kernel: Kernel<S, G>,
  heap: Heap,
  spec: S,
  args: ArrayLike<number>,
  start: number,
  end: number,
): number {
  let d = decoders.get(kernel.sig);
  if (d === undefined) {
    const layout = argLayout(kernel.sig, spec);
    d = { layout, decode: argDecoder(layout), into: {} };
    if (!layout.lists) decoders.set(kernel.sig, d);
  }
  return kernel.js(heap, spec, d.decode(d.layout, args, d.into) as JsArgs<G>, start, end);
}
