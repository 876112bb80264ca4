/**
 * `random_fill`: a float32 buffer filled with the values the sequential
 * xoshiro128** stream of `Random` gives, block by block, each block from its
 * own start state (computed by jump-ahead on the calling thread), so Workers
 * fill disjoint blocks in parallel and the result is bit for bit the
 * sequential one.
 *
 * - `dist: "uniform"`: unit k is element k, `out[k] = a + b * u` with
 *   `u = (hi * 2^26 + lo) / 2^53` from two draws (`Random.uniform()`).
 * - `dist: "normal"`: unit k is the pair `out[2k], out[2k + 1]` of Box–Muller
 *   (`Random.normal()`): `u` and `v` from four draws,
 *   `r = sqrt(-2 log u)`, `out[2k] = a + b * (r * cos(2πv))`,
 *   `out[2k + 1] = a + b * (r * sin(2πv))`, with the project's own `log`
 *   and `cos`/`sin` of turns (`logF64`, `cosTurnF64`, `sinTurnF64` of
 *   `kernels/_math64.ts`), equal on every engine. A `u` of exactly 0, which the
 *   sequential stream rejects and draws again (probability 2^-53), stops the
 *   block: its pair index within the block goes to `hits[block]` (the caller
 *   then recomputes from there sequentially).
 *
 * The values are those of the sequential stream, bit for bit, on every
 * engine (no `Math.*` transcendental is involved).
 *
 * Args: as `SIG` names them: `n` units in all; `states` holds 4
 * int32 per block of `spec.block` units, the block's start state, replaced
 * by its end state once the block is filled (so the last block's is the
 * generator's state after the whole fill); `hits` one int32 per block, -1
 * where no rejection happened. Units of a launch: blocks.
 *
 * @module
 */

import type { Heap, Kernel } from "./kernel.ts";
import { type JsArgs, signature } from "./signature.ts";
import { cosKernelF64, cosTurnF64, logF64, sinKernelF64, sinTurnF64 } from "./_math64.ts";

const SIG = signature({
  out: "f32*",
  n: "int",
  states: "i32*",
  hits: "i32*",
  a: "float",
  b: "float",
});

/** Specialisation of `random_fill`. */
export type RandomFillSpec = {
  /** Which stream of `Random`: `uniform()` values or `normal()` pairs. */
  readonly dist: "uniform" | "normal";
  /** Units per block. */
  readonly block: number;
};

/** One xoshiro128** draw from the state `s` (advanced in place), as an unsigned 32-bit number. */
function rfNext(s: Int32Array): number {
  const s0 = s[0], s1 = s[1];
  const y = Math.imul(s1, 5);
  const r = Math.imul((y << 7) | (y >>> 25), 9) >>> 0;
  const s2 = s[2] ^ s0, s3 = s[3] ^ s1;
  s[1] = s1 ^ s2;
  s[0] = s0 ^ s3;
  s[2] = s2 ^ (s1 << 9);
  s[3] = (s3 << 11) | (s3 >>> 21);
  return r;
}

/** A uniform in `[0, 1)` from two draws of `s` (`Random.uniform()`). */
function rfUniform(s: Int32Array): number {
  const hi = rfNext(s) >>> 5, lo = rfNext(s) >>> 6;
  return (hi * 67108864 + lo) / 9007199254740992;
}

function randomFillJs(
  h: Heap,
  spec: RandomFillSpec,
  args: JsArgs<typeof SIG>,
  start: number,
  end: number,
): number {
  const f32 = h.f32, i32 = h.i32;
  const { out, n, states, hits, a, b } = args, B = spec.block;
  const s = new Int32Array(4), bits = new DataView(new ArrayBuffer(8));
  for (let blk = start; blk < end; blk++) {
    for (let w = 0; w < 4; w++) s[w] = i32[states + 4 * blk + w];
    const first = blk * B, last = Math.min(n, first + B);
    i32[hits + blk] = -1;
    if (spec.dist === "uniform") {
      for (let k = first; k < last; k++) f32[out + k] = a + b * rfUniform(s);
      i32.set(s, states + 4 * blk);
      continue;
    }
    for (let k = first; k < last; k++) {
      const u = rfUniform(s);
      if (u === 0) {
        i32[hits + blk] = k - first;
        break;
      }
      const v = rfUniform(s);
      const r = Math.sqrt(-2 * logF64(u, bits));
      f32[out + 2 * k] = a + b * (r * cosTurnF64(v));
      f32[out + 2 * k + 1] = a + b * (r * sinTurnF64(v));
    }
    if (i32[hits + blk] < 0) i32.set(s, states + 4 * blk);
  }
  return 0;
}

/** The random fill kernel. */
export const randomFill: Kernel<RandomFillSpec, typeof SIG> = {
  name: "random_fill",
  sig: SIG,
  unit: "block",
  js: randomFillJs,
  helpers: [rfNext, rfUniform, logF64, sinKernelF64, cosKernelF64, cosTurnF64, sinTurnF64],
};
