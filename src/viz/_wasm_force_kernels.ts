/**
 * The Wasm kernels of t-SNE's Barnes-Hut forces on one thread: their module
 * bytes (emitted once per process, shipped to the Workers) and their
 * instances over a `ForceArena`'s layout in the shared memory.
 */

import { emitAttraction } from "./_wasm_forces.ts";
import { emitRepulsion, ENTRY } from "./_wasm_repulsion.ts";
import { emitTree } from "./_wasm_tree.ts";
import { emitRoundCells } from "./_wasm_round.ts";
import { emitKl } from "./_wasm_kl.ts";
import { type ForceLayout, STACK_ENTRIES } from "./_force_arena.ts";

/** The module bytes of the force kernels. */
export interface ForceKernelBytes {
  repulsion: Uint8Array;
  attraction: Uint8Array;
  tree: Uint8Array;
  roundCells: Uint8Array;
  kl: Uint8Array;
}

let bytes: ForceKernelBytes | undefined;

/** The kernels' module bytes, emitted once per process. */
export function forceKernelBytes(): ForceKernelBytes {
  return bytes ??= {
    repulsion: emitRepulsion().bytes,
    attraction: emitAttraction().bytes,
    tree: emitTree().bytes,
    roundCells: emitRoundCells().bytes,
    kl: emitKl().bytes,
  };
}

/** One thread's Wasm force kernels. */
export interface WasmForces {
  /** Repulsion of points `[start, end)` on `thread`'s stack; false if the stack would overflow. */
  repulsion: (start: number, end: number, theta2: number, thread: number) => boolean;
  /** Attraction of points `[start, end)` over the attached P. */
  attraction: (start: number, end: number) => void;
  /** Inserts points `order[start .. end)` into the shared tree; its cells, or -1 if they do not fit. */
  tree: (start: number, end: number) => number;
  /** Rounds the first `cells` shared cells to their float32 copy. */
  roundCells: (cells: number) => void;
  /** Each point's KL(P‖Q) terms for points `[start, end)` over the attached P, given Z. */
  kl: (start: number, end: number, sumQ: number) => void;
}

/**
 * The calling thread's Wasm force kernels over a layout: `repulsion(start,
 * end, theta2, thread)` (false if the stack would overflow),
 * `attraction(start, end)`, the tree, its float32 copy and the KL terms.
 * Self-contained (shipped to the Workers as source).
 */
export function wasmForces(
  memory: WebAssembly.Memory,
  code: ForceKernelBytes,
  l: ForceLayout,
): WasmForces {
  const instance = (b: Uint8Array) =>
    new WebAssembly.Instance(new WebAssembly.Module(b as BufferSource), { env: { memory } })
      .exports.run as (...args: number[]) => number;
  const rep = instance(code.repulsion), att = instance(code.attraction);
  const build = instance(code.tree), cells = instance(code.roundCells), kl = instance(code.kl);
  const [px, py, , nx, ny, , ax, ay, , sq, terms] = l.floats;
  const stackBytes = STACK_ENTRIES * ENTRY;
  return {
    repulsion: (start, end, theta2, thread) =>
      rep(
        l.xy32,
        nx,
        ny,
        sq,
        l.child,
        l.cells32,
        l.stacks + stackBytes * thread,
        STACK_ENTRIES,
        l.order,
        theta2,
        start,
        end,
      ) === 0,
    attraction: (start, end) =>
      void att(l.indptr4, l.indices4, l.values32, l.xy32, ax, ay, start, end),
    tree: (start, end) =>
      build(px, py, l.order, l.child, l.packed, l.bounds, l.capacity, start, end),
    roundCells: (count) => void cells(l.packed, l.cells32, 0, count),
    kl: (start, end, sumQ) =>
      void kl(l.indptr, l.indices, l.values, px, py, terms, sumQ, start, end),
  };
}
