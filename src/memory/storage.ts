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
 * @module
 */

import { ALIGN, arena } from "./arena.ts";
import { noteDisposed, turnIfDue, weighBlock } from "./_reclaim.ts";

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
    this.block = { ptr: arena().alloc(SLAB, who), bytes: SLAB, freed: false };
    this.weight = weighBlock(SLAB);
    registry.register(this, this.block);
  }
}

let slab: Slab | undefined;

/** Garbage-collected arena storage. */
export class Storage {
  /** Byte offset of the block in the arena. */
  readonly ptr: number;
  /** Requested size in bytes. */
  readonly bytes: number;
  /** The block this storage owns, or the slab it was carved from. */
  readonly #owner: Block | Slab;
  /** A block of its own holds a share of a weight, so the collector feels it (see `_reclaim.ts`). */
  #weight: ArrayBuffer | undefined;
  #disposed = false;

  private constructor(ptr: number, bytes: number, owner: Block | Slab) {
    this.ptr = ptr;
    this.bytes = bytes;
    this.#owner = owner;
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
    const block: Block = { ptr: arena().alloc(bytes, who), bytes, freed: false };
    const storage = new Storage(block.ptr, bytes, block);
    storage.#weight = weighBlock(bytes);
    registry.register(storage, block);
    return storage;
  }

  /** Whether the storage has been disposed (or its block freed): no new use may start. */
  get freed(): boolean {
    return this.#disposed || this.gone;
  }

  /** Whether the block itself has returned to the arena (its bytes may hold other data). */
  get gone(): boolean {
    return ("block" in this.#owner ? this.#owner.block : this.#owner).freed;
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
    const owner = this.#owner, share = this.#weight;
    this.#weight = undefined;
    if (!("block" in owner) && !owner.freed) {
      owner.freed = true;
      arena().free(owner.ptr, owner.bytes);
      noteDisposed(owner.bytes, share);
    }
  }
}
