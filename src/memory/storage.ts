/**
 * A block of the arena owned by tensors and by the typed-array views handed to
 * users. The block is returned to the arena when every holder has been
 * garbage collected, or at once on `dispose()`.
 *
 * @module
 */

import { arena } from "./arena.ts";

const registry = new FinalizationRegistry<Storage>((storage) => storage.release());

/** Reference-counted arena storage. */
export class Storage {
  /** Byte offset of the block in the arena. */
  readonly ptr: number;
  /** Requested size in bytes. */
  readonly bytes: number;
  #holders = 0;
  #freed = false;

  private constructor(ptr: number, bytes: number) {
    this.ptr = ptr;
    this.bytes = bytes;
  }

  /**
   * Allocates `bytes` in the arena (contents unspecified).
   *
   * @throws {RangeError} When the 4 GiB arena limit would be exceeded.
   */
  static alloc(bytes: number, who: string): Storage {
    return new Storage(arena().alloc(bytes, who), bytes);
  }

  /** Whether the block has been returned to the arena. */
  get freed(): boolean {
    return this.#freed;
  }

  /** Keeps the block alive for as long as `holder` is reachable. */
  retain(holder: object): void {
    this.#holders++;
    registry.register(holder, this, this);
  }

  /** Called when a holder is collected. */
  release(): void {
    if (--this.#holders <= 0) this.dispose();
  }

  /** Returns the block to the arena now; views over it become invalid. */
  dispose(): void {
    if (this.#freed) return;
    this.#freed = true;
    registry.unregister(this);
    arena().free(this.ptr, this.bytes);
  }
}
