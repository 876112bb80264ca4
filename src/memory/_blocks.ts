/**
 * The arena blocks behind storages (see `storage.ts`): a block of its own,
 * returned to the arena by a finalizer once its storage is collected, or a
 * 64 KiB slab of small blocks, returned once its last storage is.
 *
 * @module
 */

import { ALIGN, arena } from "./arena.ts";
import { weighBlock } from "./_reclaim.ts";

/** An arena block shared with the finalizer, which skips it once freed. */
export interface Block {
  readonly ptr: number;
  readonly bytes: number;
  freed: boolean;
}

/** Returns finalized blocks to the arena. */
export const registry = new FinalizationRegistry<Block>((b) => {
  if (!b.freed) {
    b.freed = true;
    arena().free(b.ptr, b.bytes);
  }
});

/** Blocks up to this size are carved from slabs. */
export const SMALL = 1024;
const SLAB = 65536;

/** A slab of small blocks; storages carved from it keep it alive. */
export class Slab {
  readonly block: Block;
  used = 0;
  /** Its share of a weight (see `_reclaim.ts`), held as long as the slab lives. */
  readonly weight: ArrayBuffer | undefined;
  constructor(who: string) {
    this.block = newBlock(SLAB, who);
    this.weight = weighBlock(SLAB);
    registry.register(this, this.block);
  }
}

let slab: Slab | undefined;

/** Carves `size` bytes (64-byte aligned, at most `SMALL`) from the current slab, or a new one. */
export function carve(size: number, who: string): { slab: Slab; ptr: number } {
  if (slab === undefined || slab.used + size > SLAB) slab = new Slab(who);
  const ptr = slab.block.ptr + slab.used;
  slab.used += size;
  return { slab, ptr };
}

/** A fresh arena block of `bytes`. */
export function newBlock(bytes: number, who: string): Block {
  return { ptr: arena().alloc(bytes, who), bytes, freed: false };
}

/** The owner of a value born on the JavaScript heap: no arena block. */
export function noBlock(bytes: number): Block {
  return { ptr: -1, bytes, freed: true };
}

/** Copies `bytes` bytes between the arena and a heap buffer. */
export function copy(home: ArrayBuffer, ptr: number, bytes: number, toHeap: boolean): void {
  const heap = new Uint8Array(home, 0, bytes), u8 = arena().heap.u8;
  if (toHeap) heap.set(u8.subarray(ptr, ptr + bytes));
  else u8.set(heap, ptr);
}

/** What a tensor of `bytes` takes in the arena: a slab slot is 64-byte aligned. */
export const arenaSize = (bytes: number): number =>
  bytes <= SMALL ? Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN) : bytes;

/** Views of a heap value not yet seen collected (shared with the finalizer, not the storage). */
export interface ViewCount {
  alive: number;
}

const viewsAlive = new FinalizationRegistry<ViewCount>((views) => views.alive--);

/** Counts `view` in `views` until a finalizer sees it collected. */
export function countView(view: object, views: ViewCount): void {
  views.alive++;
  viewsAlive.register(view, views);
}
