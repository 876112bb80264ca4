/**
 * Where t-SNE's Barnes-Hut forces live: one block of the shared arena
 * holding the padded positions, the forces, each point's share of Z, the
 * 2-D tree's cells (built or copied there), the float32 copies of the
 * positions and cells the 2-D Wasm kernels read, and one traversal stack per
 * thread; the sparse P (and its float32 copy) gets a block of its own once
 * attached. Workers see the same memory (the arena's `WebAssembly.Memory`),
 * so the Wasm kernels (`_wasm_force_kernels.ts`) and the JS reference
 * functions read and write the same arrays on every thread.
 */

import { arena } from "../memory/arena.ts";
import { Storage } from "../memory/storage.ts";
import type { Csr } from "./_affinities.ts";
import type { SpaceTree } from "./_space_tree.ts";
import { ENTRY } from "./_wasm_repulsion.ts";
import { rootCell } from "./_wasm_tree.ts";
import type { WasmForces } from "./_wasm_force_kernels.ts";
import { zOrder } from "./_z_order.ts";

/** Entries of each thread's Wasm traversal stack (4 per level: ample for any tree depth seen). */
export const STACK_ENTRIES = 4096;

/** The float64 arrays of a state, in arena order. */
export const FLOAT_ARRAYS = [
  "px",
  "py",
  "pz",
  "nx",
  "ny",
  "nz",
  "ax",
  "ay",
  "az",
  "sq",
  "kl",
] as const;

/** Byte offsets of the arrays in the arena (what a Worker needs to find them). */
export interface ForceLayout {
  n: number;
  /** Offsets of `FLOAT_ARRAYS`, in order. */
  floats: number[];
  child: number;
  packed: number;
  /** Scratch of the Wasm tree build: the root's bounds (4 f64). */
  bounds: number;
  /** The order in which 2-D trees and the Wasm repulsion take points (see `orderPoints`). */
  order: number;
  /** Cells the shared tree may hold (0: trees are never shared). */
  capacity: number;
  /** The first thread's stack; thread t's is `STACK_ENTRIES · ENTRY · t` bytes further. */
  stacks: number;
  /** The shared cells in float32, for the Wasm repulsion (see `share`). */
  cells32: number;
  /** The positions in float32, `(x, y)` pairs, for the Wasm kernels (`roundPositions`). */
  xy32: number;
  indptr: number;
  indices: number;
  values: number;
  /** P's rows padded to a multiple of 4 entries (see `attach`): row starts, indices. */
  indptr4: number;
  indices4: number;
  /** P in float32 in the padded rows, for the Wasm attraction (`roundValues`). */
  values32: number;
  nnz: number;
}

/** Iterations between two Z-orders of the points. */
const ORDER_EVERY = 10;

const align64 = (b: number) => Math.ceil(b / 64) * 64;

/** Arena storage of a Barnes-Hut state. */
export class ForceArena {
  readonly layout: ForceLayout;
  readonly floats: Float64Array[];
  /** The shared copy of a 2-D tree (`capacity` cells). */
  readonly child: Int32Array;
  readonly packed: Float64Array;
  readonly order: Int32Array;
  #keys: Float64Array;
  #bounds: Float64Array;
  #cells32: Float32Array;
  #xy32: Float32Array;
  #values32: Float32Array | undefined;
  #orders = 0;
  #blocks: Storage[];
  #values: Float64Array | undefined;
  #padded: Int32Array | undefined;
  #indptr: Int32Array | undefined;

  /** Lays out `n` points, a tree of `capacity` cells and `threads` stacks. */
  constructor(n: number, capacity: number, threads: number) {
    const sizes = [...FLOAT_ARRAYS.map(() => 8 * n), 4 * capacity, 32 * capacity, 4 * n, 8 * n];
    sizes.push(ENTRY * STACK_ENTRIES * threads, 32, 16 * capacity, 8 * n);
    const offsets: number[] = [];
    let total = 0;
    for (const s of sizes) {
      offsets.push(total);
      total += align64(s);
    }
    const block = Storage.alloc(total, "tsne()");
    const at = offsets.map((o) => block.ptr + o);
    this.#blocks = [block];
    const buffer = arena().memory.buffer;
    this.floats = FLOAT_ARRAYS.map((_, k) => new Float64Array(buffer, at[k], n).fill(0));
    const c = FLOAT_ARRAYS.length;
    this.child = new Int32Array(buffer, at[c], capacity);
    this.packed = new Float64Array(buffer, at[c + 1], 4 * capacity);
    this.order = new Int32Array(buffer, at[c + 2], n);
    this.#keys = new Float64Array(buffer, at[c + 3], n);
    this.#bounds = new Float64Array(buffer, at[c + 5], 4);
    this.#cells32 = new Float32Array(buffer, at[c + 6], 4 * capacity);
    this.#xy32 = new Float32Array(buffer, at[c + 7], 2 * n);
    this.layout = {
      n,
      floats: at.slice(0, c),
      child: at[c],
      packed: at[c + 1],
      capacity,
      order: at[c + 2],
      stacks: at[c + 4],
      bounds: at[c + 5],
      cells32: at[c + 6],
      xy32: at[c + 7],
      indptr: 0,
      indices: 0,
      values: 0,
      indptr4: 0,
      indices4: 0,
      values32: 0,
      nnz: 0,
    };
  }

  /**
   * Moves the sparse P into the arena (`p`'s arrays become views there, so
   * exaggerating P in place reaches every thread; `roundValues` must follow)
   * and rounds it to float32 for the Wasm attraction, in rows padded to a
   * multiple of 4 entries (the point itself with a zero P: the kernel takes
   * four entries a vector with no end test).
   */
  attach(p: Csr): void {
    if (this.holds(p)) return;
    const n1 = p.indptr.length, nnz = p.values.length;
    const padded = new Int32Array(n1);
    for (let i = 0; i + 1 < n1; i++) {
      padded[i + 1] = padded[i] + 4 * Math.ceil((p.indptr[i + 1] - p.indptr[i]) / 4);
    }
    const pnnz = padded[n1 - 1];
    const sizes = [4 * n1, 4 * nnz, 8 * nnz, 4 * n1, 4 * pnnz, 4 * pnnz].map(align64);
    const block = Storage.alloc(sizes.reduce((a, b) => a + b), "tsne()");
    this.#blocks.push(block);
    const buffer = arena().memory.buffer, at: number[] = [];
    sizes.reduce((o, size) => (at.push(block.ptr + o), o + size), 0);
    const indptr = new Int32Array(buffer, at[0], n1);
    const indices = new Int32Array(buffer, at[1], nnz);
    const values = new Float64Array(buffer, at[2], nnz);
    indptr.set(p.indptr);
    indices.set(p.indices);
    values.set(p.values);
    new Int32Array(buffer, at[3], n1).set(padded);
    const paddedIndices = new Int32Array(buffer, at[4], pnnz);
    for (let i = 0; i + 1 < n1; i++) {
      paddedIndices.fill(i, padded[i], padded[i + 1]).set(
        indices.subarray(indptr[i], indptr[i + 1]),
        padded[i],
      );
    }
    Object.assign(p, { indptr, indices, values });
    this.#values = values;
    this.#padded = padded;
    this.#indptr = indptr;
    this.#values32 = new Float32Array(buffer, at[5], pnnz).fill(0);
    Object.assign(this.layout, { indptr: at[0], indices: at[1], values: at[2], nnz });
    Object.assign(this.layout, { indptr4: at[3], indices4: at[4], values32: at[5] });
    this.roundValues();
  }

  /** Rounds the attached P to float32 for the Wasm attraction (after every change to it). */
  roundValues(): void {
    const values = this.#values, values32 = this.#values32, padded = this.#padded;
    const indptr = this.#indptr;
    if (!values || !values32 || !padded || !indptr) return;
    for (let i = 0; i + 1 < padded.length; i++) {
      values32.set(values.subarray(indptr[i], indptr[i + 1]), padded[i]);
    }
  }

  /** Whether `p` is the attached P. */
  holds(p: Csr): boolean {
    return p.values === this.#values;
  }

  /** Whether the last tree built is in the shared cells (see `share`). */
  shared = false;
  /** Cells of the last tree shared. */
  cells = 0;

  /**
   * Copies a 2-D tree into the shared cells (and their float32 copy);
   * false if the tree does not fit.
   */
  share(tree: SpaceTree): boolean {
    this.shared = tree.dim === 2 && tree.count <= this.layout.capacity;
    if (this.shared) {
      this.cells = tree.count;
      this.child.set(tree.child.subarray(0, tree.count));
      this.packed.set(tree.packed.subarray(0, 4 * tree.count));
      this.#round();
    }
    return this.shared;
  }

  /**
   * Builds the 2-D tree of the positions straight into the shared cells on
   * `wasm`'s kernel, taking the points in `order` (the cells `share` would
   * copy from a `SpaceTree` built in that order); false if they do not fit.
   */
  build(wasm: WasmForces): boolean {
    const [px, py] = this.floats, n = this.layout.n;
    this.shared = this.layout.capacity > 0;
    if (this.shared) {
      rootCell(px, py, n, this.child, this.packed, this.#bounds);
      this.cells = wasm.tree(0, n);
      this.shared = this.cells >= 0;
    }
    if (this.shared) wasm.roundCells(this.cells);
    return this.shared;
  }

  /**
   * Rounds the shared cells to float32 for the Wasm repulsion (as
   * `repulsionPlanar` rounds them).
   */
  #round(): void {
    this.#cells32.set(this.packed.subarray(0, 4 * this.cells));
  }

  /**
   * The order in which a 2-D tree takes the points and the Wasm repulsion
   * groups them: a fresh Z-order every few trees (points move little
   * between iterations); undefined for other trees.
   */
  orderPoints(): Int32Array | undefined {
    if (this.layout.capacity === 0) return undefined;
    if (this.#orders++ % ORDER_EVERY === 0) {
      const [px, py] = this.floats;
      zOrder(px, py, this.layout.n, this.#keys, this.order, this.#orders > 1);
    }
    return this.order;
  }

  /** Rounds the positions to float32 for the Wasm kernels (before they run). */
  roundPositions(): void {
    const [px, py] = this.floats, xy = this.#xy32;
    for (let i = 0; i < this.layout.n; i++) {
      xy[2 * i] = px[i];
      xy[2 * i + 1] = py[i];
    }
  }

  /** A block of `bytes` more in the arena, returned with the others (`dispose`); its address. */
  block(bytes: number): number {
    const block = Storage.alloc(bytes, "tsne()");
    this.#blocks.push(block);
    return block.ptr;
  }

  /** Returns the blocks to the arena. */
  dispose(): void {
    for (const b of this.#blocks) b.dispose();
    this.#blocks = [];
  }
}
