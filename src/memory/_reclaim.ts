/**
 * Getting dropped tensors back without `dispose()`. V8 does not see arena
 * blocks (they live in one `WebAssembly.Memory` it accounts for once), so by
 * itself it would collect the `Storage` objects of dropped tensors only when
 * its own heap asks for a collection, and a loop dropping a 16 MiB result per
 * call would exhaust the arena first. Three measures, whose cost does not grow
 * with block sizes:
 *
 * - Weights. Each block of its own holds a weight: an untouched
 *   `ArrayBuffer` that V8 counts as external memory. A block weighs twice
 *   its size up to 64 MiB, its size above (see `weighs`). A weight of
 *   `OWN_WEIGHT_BYTES` or more is a buffer of the block's own, which dies
 *   with it; lighter blocks share a 64 MiB buffer, which lives as long as
 *   the last block sharing it.
 *   Buffers of 32 MiB or more are mapped lazily by the system allocator
 *   (glibc's malloc serves smaller ones from its heap once its threshold has
 *   risen, and `calloc` clears those) and never touched, so a weight costs
 *   one mapping per 32-64 MiB allocated; V8 then collects dead tensors as it
 *   collects dead `ArrayBuffer`s. Under V8, an own weight rather than a
 *   share of a 64 MiB one halved the full collections of a loop dropping a
 *   16 MiB result per call (`lookup-nlp`: 35-56 instead of 75-81 in 500
 *   calls, each costing about 20 ms of CPU time on a 2-core AMD EPYC).
 * - Headroom (V8). V8 starts a full collection once its global memory (its
 *   heap plus external memory: the arena and every `ArrayBuffer`, weights
 *   included) nears a limit it sets after each full collection at about 1.3
 *   times what it then held (`--trace-incremental-marking`: limit 494-529 MB
 *   after collections leaving 380-400 MB, marking started with 40-58 MB to
 *   go). With an arena of a few hundred MiB that leaves room for one or two
 *   32 MiB weights, less than a scavenge needs, so the natural `lookup-nlp`
 *   loop ran a full collection every 6-10 calls (11-70 in 400 calls, chaotic
 *   with the load), each about 55 ms of CPU time on the 2-core AMD EPYC,
 *   mostly concurrent marking on the core the Worker needs. A full
 *   collection also promotes the live result, so its block waits for the
 *   next one: 5-7 blocks of 16 MiB were held at once, and the arena grew to
 *   278-417 MiB. One untouched 1 GiB `ArrayBuffer`, made with the first
 *   weight and kept, raises the limit by about 300 MB (virtual memory only,
 *   no page is ever touched): 2-4 full collections in 400 calls and an
 *   arena of 123-185 MiB (measured with 512 MiB: 2-4 and 185 MiB; 256 MiB:
 *   8-11). The price: V8 lets up to about 300 MB more of dead external
 *   memory (old `ArrayBuffer`s of the program) wait for a full collection.
 *   Not under Bun, whose collector sets its limits otherwise.
 * - Turns. Finalizers (which return the blocks) run as event-loop tasks, so a
 *   loop that only awaits work finished on the calling thread would never run
 *   them. The asynchronous entry points (`await t.data()`, `realize()`, `jit`
 *   calls) yield one macrotask (`setImmediate`, about 0.1 ms) once 8 MiB were
 *   allocated since the event loop last turned.
 * - The JavaScript heap. A loop that never yields (only `dataSync()`, no
 *   `await`) runs no finalizer at all, and within one synchronous job no
 *   JavaScript mechanism tells a dead tensor from a live one; V8 does free
 *   dead `ArrayBuffer`s within the job. So tensors born in the arena since
 *   the event loop last turned are counted in three budgets of 256 MiB each
 *   (results of runs, tensors made from host data, values moved back from
 *   the heap; a disposed tensor leaves its budget), and once a budget is
 *   spent, the next tensor of that kind lives in an `ArrayBuffer` on the
 *   heap instead (see `storage.ts`): runs copy it into the arena for their
 *   duration. The first tensor of a turn is always admitted, however large,
 *   so one big table made or read in a long job stays in the arena.
 *
 * Freed blocks are reused before the arena grows (first fit over the free
 * list), so memory follows the live set plus what the collector has not yet
 * returned. The arena's committed size never shrinks (WebAssembly memory
 * cannot): reuse is what bounds it.
 *
 * @module
 */

import { later } from "../runtime/_turn.ts";

/** Size of a shared weight, above the system allocator's threshold for lazily mapped memory. */
const WEIGHT_BYTES = 64 * 2 ** 20;
/**
 * Weights from this size are buffers of their own: the ceiling of glibc's
 * mmap threshold on 64-bit systems, so such a buffer is always mapped lazily.
 * Under Bun, from 64 MiB as before: JavaScriptCore ran the natural
 * `lookup-nlp` loop slower with own 32 MiB weights (median of 12 alternating
 * processes 3.80 ms, against 2.83 ms with shares of 64 MiB ones).
 */
export const OWN_WEIGHT_BYTES: number = "Bun" in globalThis ? WEIGHT_BYTES : 32 * 2 ** 20;
/**
 * What a block weighs: twice its size (virtual memory only), so that V8,
 * which collects after about 64 MiB of weights, runs every 32 MiB of dead
 * blocks. Heavier weights collect sooner and more often, and each full
 * collection costs about 20 ms of CPU time on the 2-core AMD EPYC: at 8
 * times for megabyte blocks the mlp-step's jit step (2.7 MB of results) was
 * collected every three steps, and the process spent 5.6-5.7 ms of CPU time
 * per step against 3.3-3.5 ms at twice; at 8 times for blocks under 256 KiB
 * (2 MiB up to 1 MiB) S4's training loop ran 5 full collections in 10
 * epochs against 3 at twice, and its median epoch was 89-92 ms against
 * 96-112 ms in alternating processes. The arena's steady size was the same.
 */
export const weighs = (bytes: number): number =>
  bytes < WEIGHT_BYTES ? Math.min(WEIGHT_BYTES, 2 * bytes) : bytes;

/** The headroom buffer's size (see the module comment). */
const HEADROOM_BYTES = 2 ** 30;
/** The headroom buffer: undefined until the first weight, null where there is none. */
let headroom: ArrayBuffer | null | undefined;

/** Makes the headroom buffer, once (none under Bun, or without the address space for it). */
function makeHeadroom(): void {
  if (headroom !== undefined) return;
  headroom = null;
  if ("Bun" in globalThis) return;
  try {
    headroom = new ArrayBuffer(HEADROOM_BYTES);
  } catch {
    // Strict overcommit or a 32-bit address space: collections come sooner, as before.
  }
}

/** Bytes of the headroom buffer (0 before the first weight, under Bun, or if it failed). */
export function headroomBytes(): number {
  return headroom?.byteLength ?? 0;
}

/** Yield to the event loop after this many bytes allocated without a turn. */
const TURN_AFTER_BYTES = 8 * 2 ** 20;
/** Each budget's size: bytes born in the arena without a turn before the next goes to the heap. */
let budgetBytes = 256 * 2 ** 20;

/** The budgets (see the module comment): results of runs, tensors made from host data, moves back. */
export const RESULT = 0, MADE = 1, MOVED = 2;
/** What each budget holds now. */
const spent = [0, 0, 0];

let weight: { readonly buffer: ArrayBuffer; left: number } | undefined;
/** The weight of the last large block disposed by hand, reused by the next one of its size. */
let spare: ArrayBuffer | undefined;
let sinceTurn = 0;
let turnPending = false;
/** Counts event-loop turns: a budget's bytes belong to the turn they were counted in. */
let turns = 0;

/** The event loop turned (or is about to, for an awaited `turnIfDue()`): budgets start afresh. */
function turned(): void {
  sinceTurn = 0;
  spent.fill(0);
  turns++;
}

/** Notices the next turn of the event loop. */
function watchTurn(): void {
  if (turnPending) return;
  turnPending = true;
  later(() => {
    turnPending = false;
    turned();
  });
}

/**
 * A finalizer-managed block of `bytes` was allocated: counts it towards the
 * next turn and returns its weight (`undefined` if there is no address space
 * for one, under strict overcommit).
 */
export function weighBlock(bytes: number): ArrayBuffer | undefined {
  makeHeadroom();
  sinceTurn += bytes;
  bytes = weighs(bytes);
  watchTurn();
  try {
    if (bytes >= OWN_WEIGHT_BYTES) {
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
  } else if (weighs(bytes) >= OWN_WEIGHT_BYTES) spare = share;
}

/** Yields one macrotask if 8 MiB were allocated since the event loop last turned. */
export function turnIfDue(): Promise<void> | undefined {
  if (sinceTurn < TURN_AFTER_BYTES) return undefined;
  turned();
  return new Promise((resolve) => later(resolve));
}

/**
 * A tensor of `bytes` of a budget's kind is about to be born: whether it may
 * live in the arena (it is then counted until disposed, see `unspend()`), or
 * must live on the JavaScript heap because the budget is spent. Finalizers
 * cannot have returned any block counted since the turn.
 *
 * @returns The turn it was counted in, or -1 for the heap.
 */
export function spend(kind: number, bytes: number): number {
  const used = spent[kind];
  if (used + bytes > budgetBytes && (used > 0 || budgetBytes <= 0)) return -1;
  spent[kind] = used + bytes;
  watchTurn();
  return turns;
}

/** A tensor counted by `spend()` in turn `turn` was disposed (or left the arena). */
export function unspend(kind: number, bytes: number, turn: number): void {
  if (turn === turns) spent[kind] = Math.max(0, spent[kind] - bytes);
}

/** Bun's runtime, whose `gc()` asks JavaScriptCore for a collection. */
const bun = (globalThis as { Bun?: { gc?: (force: boolean) => void } }).Bun;
/** Ask Bun for a collection after this many bytes born on the heap. */
const NUDGE_AFTER_BYTES = 64 * 2 ** 20;
let bornOnHeap = 0;

/**
 * A value of `bytes` was born on the JavaScript heap. V8 collects dead
 * `ArrayBuffer`s as external memory grows; JavaScriptCore scales its
 * threshold with everything it accounts (the arena included) and let a
 * never-yielding loop of 1 MiB tensors grow RSS by 1 GiB, so under Bun
 * every 64 MiB born on the heap asks for a collection (`Bun.gc(false)`,
 * which does not wait for it).
 */
export function noteHeapBirth(bytes: number): void {
  if (typeof bun?.gc !== "function" || (bornOnHeap += bytes) < NUDGE_AFTER_BYTES) return;
  bornOnHeap = 0;
  bun.gc(false);
}

/**
 * Sets the budgets' size and returns the previous one (tests force the heap
 * with -1; `Infinity` keeps every tensor in the arena).
 */
export function setSpillAfter(bytes: number): number {
  const before = budgetBytes;
  budgetBytes = bytes;
  return before;
}
