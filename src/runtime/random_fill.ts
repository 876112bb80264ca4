/**
 * Parallel fills of float32 arena buffers with `Random`'s streams: the
 * calling thread computes, by jump-ahead, the generator state at the start
 * of every block of the buffer; the Workers (or the calling thread, for the
 * inline executor) fill blocks with the `random_fill` kernel; the result is
 * bit for bit the sequential stream's.
 *
 * @module
 */

import { randomFill, type RandomFillSpec } from "../../kernels/random_fill.ts";
import { runJs } from "../../kernels/kernel.ts";
import { launcher } from "../schedule/_launcher.ts";
import { arena } from "../memory/arena.ts";
import { jumpPolynomial, jumpState } from "../tensor/_xoshiro_jump.ts";
import { backend, workerPool } from "./backend.ts";
import { wasmRun } from "./wasm_instances.ts";
import type { Range } from "./split.ts";

/** Units per block: 256 KiB of output, and few enough blocks to jump to cheaply. */
const SPECS: Readonly<Record<RandomFillSpec["dist"], RandomFillSpec>> = {
  uniform: { dist: "uniform", block: 1 << 16 },
  normal: { dist: "normal", block: 1 << 15 },
};

/** xoshiro128** draws per unit: two per uniform, four per normal pair. */
const DRAWS = { uniform: 2, normal: 4 } as const;

/** Blocks per Worker in the first round of a fill, and at most (each round doubles it). */
const FIRST_ROUND = 4, LAST_ROUND = 32;

/** Below this many values a fill stays a plain loop on the calling thread. */
export const PARALLEL_FILL_MIN = 1 << 17;

/**
 * Below this many values left, a fill does not start Workers or wait for
 * ones that have not booted yet (creating one blocks the caller about 0.1 s
 * in Deno, and booting takes as long again): it runs on the calling thread.
 * A 12,347 x 32 table in a fresh process took 290 ms with the Workers.
 */
const WAIT_FOR_BOOT_MIN = 1 << 22;

/** Values per unit: one per uniform unit, a pair per normal unit. */
const VALUES = { uniform: 1, normal: 2 } as const;

const blockJumps = new Map<string, Int32Array>();

/**
 * Fills `units` units of `out` (see `kernels/random_fill.ts`) from the state
 * `s`, and advances `s` past them.
 *
 * @returns -1, or the first unit whose `u` was 0 (the sequential stream
 * rejects it): units from there on are not filled, and `s` is left unchanged.
 */
export function fillBlocks(
  dist: RandomFillSpec["dist"],
  s: Int32Array,
  out: Float32Array,
  units: number,
  a: number,
  b: number,
): number {
  const spec = SPECS[dist], B = spec.block;
  const blocks = Math.ceil(units / B);
  const bytes = 20 * blocks, mem = arena();
  const states = mem.alloc(bytes, "random fill"), hits = states + 16 * blocks;
  try {
    let jump = blockJumps.get(dist);
    if (jump === undefined) blockJumps.set(dist, jump = jumpPolynomial(B * DRAWS[dist]));
    const st = s.slice(), i32 = mem.heap.i32;
    for (let k = 0; k < blocks; k++) {
      i32.set(st, (states >>> 2) + 4 * k);
      if (k + 1 < blocks) jumpState(st, jump);
    }
    const named = { out: out.byteOffset, n: units, states, hits, a, b };
    const { args } = launcher(randomFill, spec)(named, blocks, "even");
    const { kernels } = backend(), pool = workerPool(), parts = pool?.size ?? 1;
    // Rounds of FIRST_ROUND blocks per Worker (or per call, inline), doubling up to LAST_ROUND: a
    // Wasm call runs to its end in the code it started with, so the first calls, baseline-compiled,
    // must be short for V8's optimised code (compiled meanwhile) to take over (JS loops are optimised
    // while they run); later rounds are long, so that waiting for the slower Worker is rare.
    for (let lo = 0, round = FIRST_ROUND; lo < blocks; round = Math.min(2 * round, LAST_ROUND)) {
      const hi = Math.min(blocks, lo + round * parts), n = hi - lo, p = Math.min(parts, n);
      const ranges: Range[] = [];
      for (let w = 0; w < p; w++) {
        ranges.push([lo + Math.round((n * w) / p), lo + Math.round((n * (w + 1)) / p)]);
      }
      const wait = pool !== undefined &&
        (pool.booted || (units - lo * B) * VALUES[dist] >= WAIT_FOR_BOOT_MIN);
      if (!wait || !pool.runSync(kernels, "random_fill", spec, args, ranges)) {
        const done = kernels === "wasm"
          ? wasmRun("random_fill", spec)(...args, lo, hi)
          : runJs(randomFill, mem.heap, spec, args, lo, hi);
        if (done !== 0) throw new Error("internal: random_fill failed");
      }
      lo = hi;
    }
    const h = mem.heap.i32, base = hits >>> 2;
    for (let k = 0; k < blocks; k++) if (h[base + k] >= 0) return k * B + h[base + k];
    s.set(h.subarray((states >>> 2) + 4 * (blocks - 1), (states >>> 2) + 4 * blocks));
    return -1;
  } finally {
    mem.free(states, bytes);
  }
}

/** Whether `out` is a view of the arena (a buffer Workers can write). */
export function inArena(out: Float32Array | Float64Array): out is Float32Array {
  return out instanceof Float32Array && out.buffer === arena().memory.buffer;
}

/** Advances `s` by `draws` xoshiro128** steps. */
export function skipDraws(s: Int32Array, draws: number): void {
  jumpState(s, jumpPolynomial(draws));
}
