/**
 * Numeric assertions and seeded numbers, without importing the library (the
 * kernel tests load it file by file, where importing mod.ts costs ~80 ms).
 */

import assert from "node:assert/strict";

/** Options of `assertAllClose`. */
export interface CloseOptions {
  /** Relative tolerance. */
  rtol?: number;
  /** Absolute tolerance. */
  atol?: number;
  /** Prefix for the failure message. */
  msg?: string;
}

/**
 * Asserts `|a - e| <= atol + rtol * |e|` elementwise (NaN equals NaN; with
 * zero tolerances values must be identical, and -0 equals 0).
 */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  { rtol = 1e-6, atol = 0, msg = "" }: CloseOptions = {},
): void {
  assert.equal(
    actual.length,
    expected.length,
    `${msg} length ${actual.length} != ${expected.length}`,
  );
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    const tol = atol + rtol * Math.abs(e);
    if (!(Math.abs(a - e) <= tol)) {
      assert.fail(
        `${msg} element ${i}: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)} > ${tol})\n` +
          `actual:   [${Array.from(actual).slice(0, 24).join(", ")}]\nexpected: [${
            Array.from(expected).slice(0, 24).join(", ")
          }]`,
      );
    }
  }
}

/**
 * Asserts two arrays hold identical values, telling -0 from +0 (any NaN
 * equals any NaN: kernels never promise NaN payloads).
 */
export function assertBitwise(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  msg = "",
): void {
  assert.equal(
    actual.length,
    expected.length,
    `${msg} length ${actual.length} != ${expected.length}`,
  );
  for (let i = 0; i < expected.length; i++) {
    if (
      !Object.is(actual[i], expected[i]) && !(Number.isNaN(actual[i]) && Number.isNaN(expected[i]))
    ) {
      assert.fail(
        `${msg} element ${i}: got ${Object.is(actual[i], -0) ? "-0" : actual[i]}, expected ${
          Object.is(expected[i], -0) ? "-0" : expected[i]
        }`,
      );
    }
  }
}

/** Deterministic pseudo-random numbers for test data (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
