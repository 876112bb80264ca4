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
 * A tensor born while its budget is spent (see `_reclaim.ts`) lives on the
 * JavaScript heap instead: an `ArrayBuffer` holds the value for as long as
 * the storage lives (views handed out over it see every later write), and
 * V8 frees it with the storage, without a finalizer. Workers never read it
 * there: a run copies it into an arena block for the run's duration
 * (`stage()`), and back if the run wrote it. A value that runs read again
 * moves back into the arena for good (`promoteIfDue()`), once no view over
 * its heap buffer is left to alias it.
 *
 * @module
 */

import { arena } from "./arena.ts";
import * as blocks from "./_blocks.ts";
import { pin } from "./_pin.ts";
import type { Block, Slab, ViewCount } from "./_blocks.ts";
import { MOVED, noteDisposed, noteHeapBirth, spend, unspend, weighBlock } from "./_reclaim.ts";

/** `letFinalizersRun()` yields to the event loop when finalizers are due (see `_reclaim.ts`). */
export { MADE, RESULT, turnIfDue as letFinalizersRun } from "./_reclaim.ts";

/** Garbage-collected arena storage. */
export class Storage {
  /** Requested size in bytes. */
  readonly bytes: number;
  #ptr = -1;
  /** The block this storage owns, or the slab it was carved from. */
  #owner: Block | Slab;
  /** A block of its own holds a share of a weight, so the collector feels it (see `_reclaim.ts`). */
  #weight: ArrayBuffer | undefined;
  /** The value's home when it lives on the JavaScript heap (it then has no arena block). */
  #home: ArrayBuffer | undefined;
  #disposed = false;
  /** The budget this storage is counted in (see `spend()`), or -1, and the turn it was counted in. */
  #budget = -1;
  #turn = 0;
  /** Runs that copied the heap value in to read it (see `promoteIfDue()`). */
  #reads = 0;
  /** Views handed out over the heap buffer not yet collected: one still alive pins the value there. */
  #views: ViewCount | undefined;

  private constructor(bytes: number, who: string, home: ArrayBuffer | undefined) {
    this.bytes = bytes;
    this.#home = home;
    this.#owner = home !== undefined ? blocks.noBlock(bytes) : this.#place(who);
  }

  /** Gives the storage arena room of its own (a slab slot, or a weighed block) and returns it. */
  #place(who: string): Block | Slab {
    if (this.bytes <= blocks.SMALL) {
      const { slab, ptr } = blocks.carve(blocks.arenaSize(this.bytes), who);
      this.#ptr = ptr;
      return this.#owner = slab;
    }
    const block = blocks.newBlock(this.bytes, who);
    this.#ptr = block.ptr;
    this.#weight = weighBlock(block.bytes);
    blocks.registry.register(this, block);
    return this.#owner = block;
  }

  /** Counts the storage in a budget, if it has room (see `_reclaim.ts`); returns whether it did. */
  #count(kind: number): boolean {
    const turn = spend(kind, blocks.arenaSize(this.bytes));
    if (turn < 0) return false;
    this.#budget = kind;
    this.#turn = turn;
    return true;
  }

  /** Moves a heap value into arena room of its own, for good. */
  #moveIn(who: string): void {
    this.#place(who);
    blocks.copy(this.#home!, this.#ptr, this.bytes, false);
    this.#home = undefined;
  }

  /**
   * Byte offset of the block in the arena. A value on the heap moves into
   * the arena for good here (views handed out over its heap buffer then no
   * longer alias it): runs use `stage()` and `promoteIfDue()` instead, and
   * only helpers that address a tensor outside a run get here.
   */
  get ptr(): number {
    if (this.#home !== undefined) {
      this.#count(MOVED);
      this.#moveIn("Tensor");
    }
    return this.#ptr;
  }

  /**
   * Allocates `bytes` in the arena (contents unspecified), counted in no
   * budget: a run's temporaries and internal buffers.
   *
   * @throws {RangeError} When the 4 GiB arena limit would be exceeded.
   */
  static alloc(bytes: number, who: string): Storage {
    return new Storage(bytes, who, undefined);
  }

  /**
   * Storage for a tensor of `kind` (`RESULT` or `MADE`, see `_reclaim.ts`):
   * in the arena, counted in its budget, or, when the budget is spent, on
   * the JavaScript heap (zeroed; in the arena after all if the heap has no room).
   *
   * @throws {RangeError} When the 4 GiB arena limit would be exceeded.
   */
  static make(bytes: number, who: string, kind: number): Storage {
    const size = blocks.arenaSize(bytes), turn = spend(kind, size);
    if (turn < 0) {
      try {
        const s = new Storage(bytes, who, new ArrayBuffer(bytes));
        noteHeapBirth(bytes);
        return s;
      } catch {
        return Storage.alloc(bytes, who);
      }
    }
    let s: Storage;
    try {
      s = Storage.alloc(bytes, who);
    } catch (err) {
      unspend(kind, size, turn);
      throw err;
    }
    s.#budget = kind;
    s.#turn = turn;
    return s;
  }

  /** Whether the value lives on the JavaScript heap (see `make()`). */
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

  /** A view of `n` elements where the bytes are now (see `region()`). */
  view(n: number, dtype: "float32" | "int32"): Float32Array | Int32Array {
    const { buffer, offset } = this.region();
    return dtype === "int32"
      ? new Int32Array(buffer, offset, n)
      : new Float32Array(buffer, offset, n);
  }

  /**
   * Records a view handed out over the heap buffer: until a finalizer has
   * seen it collected (on a later turn of the event loop; a `WeakRef` would
   * keep it, and its buffer, alive to the end of the job), the value stays
   * on the heap.
   */
  trackView<T extends object>(view: T): T {
    const views = this.#views ??= { alive: 0 };
    blocks.countView(view, views);
    return view;
  }

  /**
   * A run that retains this heap value (and no other run does) is about to
   * read it: moves it into the arena for good if an earlier run already
   * copied it in (a value read again is likely read many times), no view
   * over its heap buffer is alive (it would no longer alias the value), and
   * the budget of values moved back has room (see `_reclaim.ts`).
   *
   * @returns Whether it moved (`ptr` then addresses it).
   * @throws {RangeError} When the 4 GiB arena limit would be exceeded.
   */
  promoteIfDue(who: string): boolean {
    if (this.#home === undefined || this.#disposed || this.#uses !== 1 || this.#reads === 0) {
      return false;
    }
    if ((this.#views?.alive ?? 0) > 0 || !this.#count(MOVED)) return false;
    try {
      this.#moveIn(who);
    } catch (err) {
      unspend(MOVED, blocks.arenaSize(this.bytes), this.#turn);
      this.#budget = -1;
      throw err;
    }
    return true;
  }

  /**
   * Copies a heap value into a fresh arena block for one run (the caller
   * retains the storage meanwhile) and returns the block's offset; with
   * `copyIn` false, the run only writes it (a result computed into it).
   *
   * @throws {RangeError} When the 4 GiB arena limit would be exceeded.
   */
  stage(who: string, copyIn = true): number {
    const ptr = arena().alloc(this.bytes, who);
    if (copyIn) {
      blocks.copy(this.#home!, ptr, this.bytes, false);
      this.#reads++;
    }
    return ptr;
  }

  /** Ends a `stage()`: copies the block back if the run wrote it, and frees it. */
  unstage(ptr: number, wrote: boolean): void {
    if (wrote && this.#home !== undefined) blocks.copy(this.#home, ptr, this.bytes, true);
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
    pin(view, this);
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
    if (this.#budget >= 0) unspend(this.#budget, blocks.arenaSize(this.bytes), this.#turn);
    this.#budget = -1;
    const owner = this.#owner, share = this.#weight;
    this.#weight = undefined;
    if (!("block" in owner) && !owner.freed) {
      owner.freed = true;
      arena().free(owner.ptr, owner.bytes);
      noteDisposed(owner.bytes, share);
    }
  }
}
