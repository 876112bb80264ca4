/**
 * The tensor arena: one shared, growable `WebAssembly.Memory` that holds the
 * storage of every tensor, so that Wasm kernels and Workers address the same
 * bytes without copies.
 *
 * @module
 */

import { FreeList } from "./_free_list.ts";

/** Bytes in one WebAssembly page. */
const PAGE_BYTES = 65536;
/** Pages in a 32-bit Wasm address space (4 GiB). */
const MAX_PAGES = 65536;
/** Blocks are aligned to a cache line, which also satisfies v128 loads. */
export const ALIGN = 64;
/** The first bytes are never handed out, so that 0 can mean "no buffer". */
const RESERVED = ALIGN;

/**
 * The largest arena Tessera can address: the 32-bit Wasm limit of 4 GiB.
 *
 * @example
 * ```ts
 * import { ARENA_LIMIT_BYTES } from "@tessera/embed";
 * const [V, D] = [1_000_000, 300]; // a float32 table of V × D
 * const tableBytes = V * D * 4;
 * console.log(ARENA_LIMIT_BYTES / 2 ** 30, tableBytes < ARENA_LIMIT_BYTES); // 4 true
 * ```
 */
export const ARENA_LIMIT_BYTES: number = MAX_PAGES * PAGE_BYTES;

/** Typed views over the whole arena, refreshed when it grows. */
export interface Heap {
  readonly u8: Uint8Array;
  readonly i32: Int32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
}

function formatBytes(n: number): string {
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(2)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  return `${n} bytes`;
}

/** A first-fit allocator over a shared `WebAssembly.Memory`. */
export class Arena {
  readonly memory: WebAssembly.Memory;
  #free = new FreeList();
  #top = RESERVED;
  #live = 0;
  #heap: Heap;
  /** Called after every growth, with the new byte length. */
  onGrow: ((byteLength: number) => void) | undefined;

  constructor(initialPages = 16) {
    this.memory = new WebAssembly.Memory({
      initial: initialPages,
      maximum: MAX_PAGES,
      shared: true,
    } as WebAssembly.MemoryDescriptor);
    this.#heap = makeHeap(this.memory.buffer);
  }

  /** Current views over the whole arena. */
  get heap(): Heap {
    return this.#heap;
  }

  /** Bytes currently reserved by the arena (its `WebAssembly.Memory` size). */
  get byteLength(): number {
    return this.#heap.u8.byteLength;
  }

  /** Bytes held by live blocks. */
  get liveBytes(): number {
    return this.#live;
  }

  /**
   * Allocates `bytes` (rounded up to 64) and returns the block's byte offset.
   *
   * @throws {RangeError} If the arena would exceed 4 GiB; `who` names the caller.
   */
  alloc(bytes: number, who: string): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const reused = this.#free.take(size);
    if (reused >= 0) {
      this.#live += size;
      return reused;
    }
    const ptr = this.#top;
    const end = ptr + size;
    if (end > this.byteLength) this.#grow(end, bytes, who);
    this.#top = end;
    this.#live += size;
    return ptr;
  }

  /** Returns a block to the arena. `bytes` must be the size it was allocated with. */
  free(ptr: number, bytes: number): void {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    this.#live -= size;
    if (ptr + size === this.#top) {
      this.#top = this.#free.absorbTail(ptr);
    } else {
      this.#free.give(ptr, size);
    }
  }

  #grow(end: number, bytes: number, who: string): void {
    if (end > ARENA_LIMIT_BYTES) {
      throw new RangeError(
        `${who}: cannot allocate ${formatBytes(bytes)}: the tensor arena is limited to 4 GiB ` +
          `(32-bit WebAssembly memory) and ${formatBytes(this.#live)} are in use`,
      );
    }
    const have = this.byteLength / PAGE_BYTES;
    // Grow geometrically to keep growth rare, but never past the limit.
    const want = Math.min(MAX_PAGES, Math.max(Math.ceil(end / PAGE_BYTES), have + (have >> 1)));
    try {
      this.memory.grow(want - have);
    } catch {
      try {
        this.memory.grow(Math.ceil(end / PAGE_BYTES) - have);
      } catch (err) {
        throw new RangeError(
          `${who}: cannot allocate ${formatBytes(bytes)}: the system refused to grow the ` +
            `tensor arena beyond ${formatBytes(this.byteLength)} (${(err as Error).message})`,
        );
      }
    }
    this.#heap = makeHeap(this.memory.buffer);
    this.onGrow?.(this.byteLength);
  }
}

/** Builds typed views over a (shared) buffer. */
export function makeHeap(buffer: ArrayBufferLike): Heap {
  return {
    u8: new Uint8Array(buffer),
    i32: new Int32Array(buffer),
    f32: new Float32Array(buffer),
    f64: new Float64Array(buffer),
  };
}

let shared: Arena | undefined;

/** The process-wide arena, created on first use. */
export function arena(): Arena {
  shared ??= new Arena();
  return shared;
}
