/**
 * Seeded random numbers (xoshiro128**, seeded through splitmix32), so that
 * tables, initialisers and examples are reproducible.
 *
 * @module
 */

import { describe } from "./_describe.ts";
import { fillBlocks, inArena, PARALLEL_FILL_MIN, skipDraws } from "../runtime/random_fill.ts";
import { cosTurnF64, logF64, sinTurnF64 } from "../../kernels/_math64.ts";

/** Scratch for `logF64`'s exponent bits. */
const bits = new DataView(new ArrayBuffer(8));

/**
 * Fills of typed arrays with the very values a loop of `normal()` (or
 * `uniform()`) calls would store, computed without intermediate arrays.
 */
interface Fillers {
  /** `out[i] = mean + std * g.normal()` for every i, in order. */
  normal(g: Random, out: Float32Array | Float64Array, mean: number, std: number): void;
  /** `out[i] = low + scale * g.uniform()` for every i, in order. */
  uniform(g: Random, out: Float32Array | Float64Array, low: number, scale: number): void;
}

let fillers: Fillers;
let fromState: (words: ArrayLike<number>) => Random;

/**
 * A seeded generator of uniform and normal float64 numbers; custom
 * initialisers receive one.
 *
 * @example
 * ```ts
 * import { Random } from "@tessera/embed";
 * const g = new Random(7);
 * const u = g.uniform(), z = g.normal();
 * console.log(u >= 0 && u < 1, Number.isFinite(z)); // true true
 * ```
 */
export class Random {
  /** The xoshiro128** state: four 32-bit words. */
  readonly #s = new Int32Array(4);
  #spare: number | undefined;

  static {
    fromState = (words) => {
      const g = new Random(0);
      g.#s.set(words);
      return g;
    };
    fillers = {
      normal(g, out, mean, std) {
        let i = 0;
        const n = out.length, s = g.#s;
        if (n > 0 && g.#spare !== undefined) {
          out[i++] = mean + std * g.#spare;
          g.#spare = undefined;
        }
        // Whole pairs of a table in the arena: in parallel, from jumped-to states.
        if (inArena(out) && n - i >= PARALLEL_FILL_MIN) {
          const pairs = (n - i) >> 1;
          const hit = fillBlocks("normal", s, out.subarray(i, i + 2 * pairs), pairs, mean, std);
          if (hit >= 0) skipDraws(s, 4 * hit); // from a rejected u on, the loop below redoes it
          i += 2 * (hit < 0 ? pairs : hit);
        }
        // The stream of normal(): two values per pair of uniforms.
        for (; i < n; i += 2) {
          let u = 0;
          while (u === 0) u = uniformOf(s);
          const v = uniformOf(s);
          const rad = Math.sqrt(-2 * logF64(u, bits));
          out[i] = mean + std * (rad * cosTurnF64(v));
          const second = rad * sinTurnF64(v);
          if (i + 1 < n) out[i + 1] = mean + std * second;
          else g.#spare = second;
        }
      },
      uniform(g, out, low, scale) {
        const s = g.#s;
        if (inArena(out) && out.length >= PARALLEL_FILL_MIN) {
          fillBlocks("uniform", s, out, out.length, low, scale);
          return;
        }
        for (let i = 0; i < out.length; i++) out[i] = low + scale * uniformOf(s);
      },
    };
  }

  /**
   * Creates a generator.
   *
   * @param seed Any safe integer; equal seeds give equal streams.
   * @throws {TypeError} For a seed that is not a safe integer (NaN, ±Infinity, 1.5, a BigInt, a string).
   */
  constructor(seed: number) {
    checkSeed(seed, "Random()");
    let x = (Math.trunc(seed) >>> 0) ^ 0x9e3779b9;
    const next = () => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#s[0] = next();
    this.#s[1] = next();
    this.#s[2] = next();
    this.#s[3] = next() | 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    return nextOf(this.#s);
  }

  /** A uniform number in `[0, 1)` with 53 random bits. */
  uniform(): number {
    return uniformOf(this.#s);
  }

  /**
   * A standard normal number (Box–Muller: `sqrt(-2 log u) cos(2πv)`, then
   * the `sin` of the same pair, with the project's own float64 `log`,
   * `cos` and `sin`, so the stream is the same on every engine).
   */
  normal(): number {
    if (this.#spare !== undefined) {
      const z = this.#spare;
      this.#spare = undefined;
      return z;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * logF64(u, bits));
    this.#spare = r * sinTurnF64(v);
    return r * cosTurnF64(v);
  }
}

/**
 * Checks a seed: a safe integer (NaN, ±Infinity, fractions, BigInts and
 * strings would all silently collapse to one stream).
 *
 * @throws {TypeError} Otherwise.
 */
export function checkSeed(seed: unknown, who: string): asserts seed is number {
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
    throw new TypeError(`${who}: seed is ${describe(seed)} but must be a safe integer`);
  }
}

/** Fills `out` with `mean + std * g.normal()`, in stream order (internal). */
export function fillNormal(
  g: Random,
  out: Float32Array | Float64Array,
  mean = 0,
  std = 1,
): void {
  fillers.normal(g, out, mean, std);
}

/** Fills `out` with `low + scale * g.uniform()`, in stream order (internal). */
export function fillUniform(
  g: Random,
  out: Float32Array | Float64Array,
  low = 0,
  scale = 1,
): void {
  fillers.uniform(g, out, low, scale);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * One xoshiro128** step of the state `s` (advanced in place): the next
 * 32-bit draw. A top-level function over a typed array, which V8 inlines
 * into the fill loops (a closure over local state would keep that state in
 * a heap context, several times slower per value).
 */
function nextOf(s: Int32Array): number {
  const s0 = s[0], s1 = s[1];
  const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  const s2 = s[2] ^ s0, s3 = s[3] ^ s1;
  s[1] = s1 ^ s2;
  s[0] = s0 ^ s3;
  s[2] = s2 ^ (s1 << 9);
  s[3] = rotl(s3, 11);
  return r;
}

/** A uniform number in `[0, 1)` with 53 random bits from two draws of `s`. */
function uniformOf(s: Int32Array): number {
  const hi = nextOf(s) >>> 5, lo = nextOf(s) >>> 6;
  return (hi * 67108864 + lo) / 9007199254740992;
}

/** A generator at the given xoshiro128** state, four int32 words (internal, for tests). */
export function randomFromState(words: ArrayLike<number>): Random {
  return fromState(words);
}

let global = new Random(0);

/**
 * Reseeds the generator used when no `seed` option is given, like
 * `torch.manual_seed`.
 *
 * @example
 * ```ts
 * import { manualSeed, randn } from "@tessera/embed";
 * manualSeed(42);
 * const a = await randn([3]).data();
 * manualSeed(42);
 * const b = await randn([3]).data();
 * if (a[0] !== b[0]) throw new Error("not reproducible");
 * ```
 *
 * @param seed Any safe integer.
 * @throws {TypeError} For a seed that is not a safe integer.
 */
export function manualSeed(seed: number): void {
  checkSeed(seed, "manualSeed()");
  global = new Random(seed);
}

/** The generator for a `seed` option, or the global one. */
export function generatorFor(seed: number | undefined): Random {
  return seed === undefined ? global : new Random(seed);
}
