/**
 * Getting dropped tensors back without `dispose()`. V8 does not see arena
 * blocks (they live in one `WebAssembly.Memory` it accounts for once), so by
 * itself it would collect the `Storage` objects of dropped tensors only when
 * its own heap asks for a collection, and a loop dropping a 16 MiB result per
 * call would exhaust the arena first. Two measures, whose cost does not grow
 * with block sizes:
 *
 * - Weights. Each block of its own holds a share of a weight: an untouched
 *   `ArrayBuffer` of 64 MiB (or of the block's size, for bigger blocks; a
 *   block below 64 MiB weighs 8 times its size), which
 *   V8 counts as external memory and which lives as long as the last block
 *   sharing it. Buffers this large are mapped lazily by the system allocator
 *   and never touched, so a weight costs one mapping per 64 MiB allocated;
 *   V8 then collects dead tensors as it collects dead `ArrayBuffer`s.
 * - Turns. Finalizers (which return the blocks) run as event-loop tasks, so a
 *   loop that only awaits work finished on the calling thread would never run
 *   them. The asynchronous entry points (`await t.data()`, `realize()`, `jit`
 *   calls) yield one macrotask (`setImmediate`, about 0.1 ms) once 8 MiB were
 *   allocated since the event loop last turned.
 *
 * Freed blocks are reused before the arena grows (first fit over the free
 * list), so memory follows the live set plus what the collector has not yet
 * returned. The arena's committed size never shrinks (WebAssembly memory
 * cannot): reuse is what bounds it.
 * - Spilling. A loop that never yields (only `dataSync()`, no `await`) runs
 *   no finalizer at all, and within one synchronous job no JavaScript
 *   mechanism tells a dead tensor from a live one. Once results of more than
 *   256 MiB were handed out since the event loop last turned, a result
 *   computed for `dataSync()`/`data()` is handed out from the JavaScript heap instead of
 *   the arena (see `storage.ts`): its arena block is freed at once, and V8
 *   reclaims the heap copy by itself when the tensor and its view die.
 *
 * @module
 */

/** Size of a shared weight, above the system allocator's threshold for lazily mapped memory. */
const WEIGHT_BYTES = 64 * 2 ** 20;
/** How many times its size a block below the weight's size weighs. */
const SMALL_BLOCK_WEIGHT = 8;
/**
 * What a block weighs: small blocks weigh more than they hold (virtual
 * memory only), so the collector runs before many of them pile up, where a
 * loop of small steps makes too little heap garbage to trigger it.
 */
const weighs = (
  bytes: number,
) => (bytes < WEIGHT_BYTES ? Math.min(WEIGHT_BYTES, bytes * SMALL_BLOCK_WEIGHT) : bytes);

/** Yield to the event loop after this many bytes allocated without a turn. */
const TURN_AFTER_BYTES = 8 * 2 ** 20;
/** Spill results read by the user after this many bytes allocated without a turn. */
let spillAfterBytes = 256 * 2 ** 20;

let weight: { readonly buffer: ArrayBuffer; left: number } | undefined;
/** The weight of the last large block disposed by hand, reused by the next one of its size. */
let spare: ArrayBuffer | undefined;
let sinceTurn = 0;
/** Bytes of results handed out in the arena since the event loop last turned (see `spillDue()`). */
let readSinceTurn = 0;
let turnPending = false;

/** Runs `fn` on a later turn of the event loop (`setImmediate` turns far sooner than a timer). */
const later: (fn: () => void) => void = typeof globalThis.setImmediate === "function"
  ? (fn) => void globalThis.setImmediate(fn)
  : (fn) => void setTimeout(fn, 0);

/**
 * A finalizer-managed block of `bytes` was allocated: counts it towards the
 * next turn and returns its weight (`undefined` if there is no address space
 * for one, under strict overcommit).
 */
export function weighBlock(bytes: number): ArrayBuffer | undefined {
  sinceTurn += bytes;
  bytes = weighs(bytes);
  if (!turnPending) {
    turnPending = true;
    later(() => {
      turnPending = false;
      sinceTurn = 0;
      readSinceTurn = 0;
    });
  }
  try {
    if (bytes >= WEIGHT_BYTES) {
      const reuse = spare !== undefined && spare.byteLength >= bytes &&
        spare.byteLength <= 2 * bytes;
      const own = reuse ? spare! : new ArrayBuffer(bytes);
      if (reuse) spare = undefined;
      return own;
    }
    if (weight === undefined || weight.left < bytes) {
      weight = { buffer: new ArrayBuffer(WEIGHT_BYTES), left: WEIGHT_BYTES };
    }
    weight.left -= bytes;
    return weight.buffer;
  } catch {
    return undefined;
  }
}

/**
 * A weighed block was disposed by hand: it needs no finalizer to run, and its
 * share goes back to the current weight (or its own weight is kept for the
 * next large block), so a loop that disposes makes no new weights and hence
 * no collections.
 */
export function noteDisposed(bytes: number, share: ArrayBuffer | undefined): void {
  sinceTurn = Math.max(0, sinceTurn - bytes);
  if (share === undefined) return;
  if (weight !== undefined && share === weight.buffer) {
    weight.left = Math.min(WEIGHT_BYTES, weight.left + weighs(bytes));
  } else if (bytes >= WEIGHT_BYTES) spare = share;
}

/** Yields one macrotask if 8 MiB were allocated since the event loop last turned. */
export function turnIfDue(): Promise<void> | undefined {
  if (sinceTurn < TURN_AFTER_BYTES) return undefined;
  sinceTurn = 0;
  readSinceTurn = 0;
  return new Promise((resolve) => later(resolve));
}

/**
 * A result of `bytes` is about to be handed out: whether it should leave the
 * arena, because results handed out in it since the event loop last turned
 * (and not disposed since) would exceed 256 MiB. Finalizers cannot have
 * returned any of them, and only results the user reads can die unnoticed
 * in large numbers (a model's tables, made in the same job, do not count).
 * A result that stays is counted until it is disposed (`noteUnread()`).
 */
export function spillDue(bytes: number): boolean {
  if (readSinceTurn + bytes > spillAfterBytes) return true;
  readSinceTurn += bytes;
  return false;
}

/** A result counted by `spillDue()` was disposed. */
export function noteUnread(bytes: number): void {
  readSinceTurn = Math.max(0, readSinceTurn - bytes);
}

/**
 * Sets the spill threshold and returns the previous one (tests force spills
 * with 0; `Infinity` turns spilling off).
 */
export function setSpillAfter(bytes: number): number {
  const before = spillAfterBytes;
  spillAfterBytes = bytes;
  return before;
}
