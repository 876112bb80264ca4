/**
 * Garbage-collected blocks of the arena. Whatever uses a block (graph nodes,
 * and the typed-array views handed to users, through a weak map) references
 * its `Storage`; when the `Storage` becomes unreachable, a finalizer returns
 * the block to the arena. `dispose()` returns it at once.
 *
 * Small blocks (up to 1 KiB) are carved from 64 KiB slabs: a slab is one
 * arena block with one finalizer, freed when its last storage is collected.
 * This keeps the per-tensor cost of tiny tensors (one finalizer registration
 * costs about a microsecond) off the hot path.
 *
 * A block of its own may be _spilled_ (see `_reclaim.ts`): its bytes move to
 * an `ArrayBuffer` on the JavaScript heap, its arena block is freed at once,
 * and the heap buffer holds the value from then on, for as long as the
 * storage lives (views handed out over it see every later write). Workers
 * never read it there: a run copies it into an arena block of its own for
 * the run's duration (`stage()`), and back if the run wrote it in place.
 *
 * @module
 */

import { ALIGN, arena } from "./arena.ts";
import { noteDisposed, noteUnread, spillDue, turnIfDue, weighBlock } from "./_reclaim.ts";

/** Views handed to users keep their storage alive through this map. */
const owners = new WeakMap<object, Storage>();

/** An arena block shared with the finalizer, which skips it once freed. */
interface Block {
  readonly ptr: number;
  readonly bytes: number;
  freed: boolean;
}

const registry = new FinalizationRegistry<Block>((b) => {
  if (!b.freed) {
    b.freed = true;
    arena().free(b.ptr, b.bytes);
  }
});

/**
 * Yields to the event loop when finalizers are due to run (see `_reclaim.ts`);
 * the runtime's asynchronous entry points call it.
 */
export function letFinalizersRun(): Promise<void> | undefined {
  return turnIfDue();
}

const SMALL = 1024;
const SLAB = 65536;

/** A slab of small blocks; storages carved from it keep it alive. */
class Slab {
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

/** A fresh arena block of `bytes`. */
function newBlock(bytes: number, who: string): Block {
  return { ptr: arena().alloc(bytes, who), bytes, freed: false };
}

/** Copies `bytes` bytes between the arena and a heap buffer. */
function copy(home: ArrayBuffer, ptr: number, bytes: number, toHeap: boolean): void {
  const heap = new Uint8Array(home, 0, bytes), u8 = arena().heap.u8;
  if (toHeap) heap.set(u8.subarray(ptr, ptr + bytes));
  else u8.set(heap, ptr);
}

/** Garbage-collected arena storage. */
export class Storage {
  /** Requested size in bytes. */
  readonly bytes: number;
  #ptr: number;
  /** The block this storage owns, or the slab it was carved from. */
  #owner: Block | Slab;
  /** A block of its own holds a share of a weight, so the collector feels it (see `_reclaim.ts`). */
  #weight: ArrayBuffer | undefined;
  /** The value's home once spilled to the JavaScript heap (its arena block is then freed). */
  #home: ArrayBuffer | undefined;
  #disposed = false;
  /** Counted as a result handed out in the arena (see `spillDue()`). */
  #counted = false;

  private constructor(ptr: number, bytes: number, owner: Block | Slab) {
    this.#ptr = ptr;
    this.bytes = bytes;
    this.#owner = owner;
  }

  /**
   * Byte offset of the block in the arena. A spilled storage moves back
   * into the arena for good here (views handed out over its heap buffer
   * then no longer alias it): runs use `stage()` instead, and only helpers
   * that address a tensor outside a run get here.
   */
  get ptr(): number {
    const home = this.#home;
    if (home !== undefined) {
      const block = newBlock(this.bytes, "Tensor");
      copy(home, block.ptr, this.bytes, false);
      this.#own(block);
      this.#home = undefined;
    }
    return this.#ptr;
  }

  /** Makes `block` this storage's own: registered for its finalizer and weighed. */
  #own(block: Block): void {
    this.#owner = block;
    this.#ptr = block.ptr;
    this.#weight = weighBlock(block.bytes);
    registry.register(this, block);
  }

  /**
   * Allocates `bytes` in the arena (contents unspecified).
   *
   * @throws {RangeError} When the 4 GiB arena limit would be exceeded.
   */
  static alloc(bytes: number, who: string): Storage {
    if (bytes <= SMALL) {
      const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
      if (slab === undefined || slab.used + size > SLAB) slab = new Slab(who);
      const ptr = slab.block.ptr + slab.used;
      slab.used += size;
      return new Storage(ptr, bytes, slab);
    }
    const block = newBlock(bytes, who);
    const storage = new Storage(block.ptr, bytes, block);
    storage.#own(block);
    return storage;
  }

  /** Whether the value lives on the JavaScript heap (see `spillIfDue()`). */
  get spilled(): boolean {
    return this.#home !== undefined;
  }

  /**
   * Where the value's bytes are now, without moving them: the arena's
   * buffer and the block's offset, or the heap buffer and 0.
   */
  region(): { readonly buffer: ArrayBufferLike; readonly offset: number } {
    const home = this.#home;
    return home !== undefined
      ? { buffer: home, offset: 0 }
      : { buffer: arena().heap.u8.buffer, offset: this.#ptr };
  }

  /**
   * A result computed for the user is about to be handed out: moves the
   * value to the JavaScript heap and frees its arena block at once, if
   * results of more than 256 MiB were handed out since the event loop last
   * turned (see `_reclaim.ts`). Only a live block of its own that no running
   * plan uses moves (slabs of tiny tensors never do).
   *
   * @returns Whether the value moved.
   */
  spillIfDue(): boolean {
    const owner = this.#owner;
    if ("block" in owner || owner.freed || this.#disposed || this.#uses > 0 || this.#counted) {
      return false;
    }
    if (!spillDue(this.bytes)) {
      this.#counted = true;
      return false;
    }
    let home: ArrayBuffer;
    try {
      home = new ArrayBuffer(this.bytes);
    } catch {
      return false; // no room on the heap either: the value stays where it is
    }
    copy(home, owner.ptr, this.bytes, true);
    this.#home = home;
    owner.freed = true;
    arena().free(owner.ptr, owner.bytes);
    const share = this.#weight;
    this.#weight = undefined;
    noteDisposed(owner.bytes, share);
    return true;
  }

  /**
   * Copies a spilled value into a fresh arena block for one run (the caller
   * retains the storage meanwhile) and returns the block's offset.
   *
   * @throws {RangeError} When the 4 GiB arena limit would be exceeded.
   */
  stage(who: string): number {
    const ptr = arena().alloc(this.bytes, who);
    copy(this.#home!, ptr, this.bytes, false);
    return ptr;
  }

  /** Ends a `stage()`: copies the block back if the run wrote it, and frees it. */
  unstage(ptr: number, wrote: boolean): void {
    if (wrote && this.#home !== undefined) copy(this.#home, ptr, this.bytes, true);
    arena().free(ptr, this.bytes);
  }

  /** Whether the storage has been disposed (or its block freed): no new use may start. */
  get freed(): boolean {
    return this.#disposed || this.gone;
  }

  /** Whether the value is gone: its block returned to the arena (and it was not spilled). */
  get gone(): boolean {
    const owner = this.#owner;
    return ("block" in owner ? owner.block : owner).freed && this.#home === undefined;
  }

  /** Runs reading or writing this storage right now; a dispose waits for them. */
  #uses = 0;
  #releaseWhenUnused = false;

  /** Marks the storage as used by a running plan (see `dispose()`). */
  retain(): void {
    this.#uses++;
  }

  /** Ends a use; frees the block if it was disposed meanwhile. */
  unretain(): void {
    if (--this.#uses === 0 && this.#releaseWhenUnused) this.release();
  }

  /**
   * Marks the storage disposed without freeing its block: new uses are
   * rejected, pending results that read it may still run. `release()` frees it.
   */
  markDisposed(): void {
    this.#disposed = true;
  }

  /** Keeps the block alive for as long as `view` is reachable. */
  attach<T extends object>(view: T): T {
    owners.set(view, this);
    return view;
  }

  /**
   * Gives the storage up now: a block of its own returns to the arena at
   * once (or, while a running plan uses it, when that plan ends); a small
   * block returns with its slab. Views become invalid.
   */
  dispose(): void {
    this.#disposed = true;
    this.release();
  }

  /** Frees the block of a disposed storage (deferred while a running plan uses it). */
  release(): void {
    if (this.#uses > 0) {
      this.#releaseWhenUnused = true;
      return;
    }
    this.#releaseWhenUnused = false;
    this.#home = undefined;
    if (this.#counted) noteUnread(this.bytes);
    this.#counted = false;
    const owner = this.#owner, share = this.#weight;
    this.#weight = undefined;
    if (!("block" in owner) && !owner.freed) {
      owner.freed = true;
      arena().free(owner.ptr, owner.bytes);
      noteDisposed(owner.bytes, share);
    }
  }
}
