/**
 * How the force threads of `tsne()` share an iteration: chunks of work taken
 * from a counter in shared memory, tagged with the iteration's generation
 * (`(generation & 0x1fffff) << 10 | chunk`), so a thread that wakes late,
 * still on an older generation, can never take a newer one's chunk. Both
 * functions are self-contained: their source is shipped to the Workers.
 *
 * Control words (an `Int32Array` over shared memory): 0 the generation,
 * 1 the command (1 run, 2 exit), 2 chunks finished, 3 the next chunk,
 * 4 whether the generation's 2-D tree is in the shared cells, 5 the
 * generation whose tree is built.
 */

/** Bits of the chunk index in the counter (fewer than 1024 chunks). */
export const CHUNK_BITS = 10;

/**
 * Takes chunks `0 .. total − 1` of `generation` and runs `work` on each
 * until none is left, counting each finished one (the last one wakes a
 * waiter on the count); with `count` false the caller counts them itself
 * (when its chunks are finished only after a last step of its own).
 *
 * @returns How many this thread took.
 */
export function takeChunks(
  ctl: Int32Array,
  generation: number,
  total: number,
  work: (chunk: number) => void,
  count = true,
): number {
  const tag = (generation & 0x1fffff) << 10, mask = (1 << 10) - 1;
  let taken = 0;
  for (;;) {
    const cur = Atomics.load(ctl, 3);
    if ((cur & ~mask) !== tag || (cur & mask) >= total) return taken;
    if (Atomics.compareExchange(ctl, 3, cur, cur + 1) !== cur) continue;
    work(cur & mask);
    taken++;
    // Only the last chunk wakes a waiter (a notify per chunk cost a call into the runtime each).
    if (count && Atomics.add(ctl, 2, 1) === total - 1) Atomics.notify(ctl, 2);
  }
}

/** Whether chunks of `generation` are left to take. */
export function chunksLeft(ctl: Int32Array, generation: number, total: number): boolean {
  const cur = Atomics.load(ctl, 3), tag = (generation & 0x1fffff) << 10, mask = (1 << 10) - 1;
  return (cur & ~mask) === tag && (cur & mask) < total;
}
