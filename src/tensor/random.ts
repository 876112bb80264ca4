/**
 * Seeded random numbers (xoshiro128**, seeded through splitmix32), so that
 * tables, initialisers and examples are reproducible.
 *
 * @module
 */

import { describe } from "./_describe.ts";

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
  #s0 = 0;
  #s1 = 0;
  #s2 = 0;
  #s3 = 0;
  #spare: number | undefined;

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
    this.#s0 = next();
    this.#s1 = next();
    this.#s2 = next();
    this.#s3 = next() | 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s1 = this.#s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.#s2 ^= this.#s0;
    this.#s3 ^= this.#s1;
    this.#s1 ^= this.#s2;
    this.#s0 ^= this.#s3;
    this.#s2 ^= t;
    this.#s3 = rotl(this.#s3, 11);
    return r;
  }

  /** A uniform number in `[0, 1)` with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5, lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A standard normal number (Box–Muller). */
  normal(): number {
    if (this.#spare !== undefined) {
      const z = this.#spare;
      this.#spare = undefined;
      return z;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
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

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
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
