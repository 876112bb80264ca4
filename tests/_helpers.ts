/**
 * Numeric assertions and small fixtures shared by the tests. Every numeric
 * expectation in the suite comes from an oracle: PyTorch fixtures, a naive
 * reference, or finite differences.
 */

import assert from "node:assert/strict";
import { type Tensor, tensor } from "../mod.ts";

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

/** The prelude table of torch_vectors.md: `weight[i][j] = i + j/10` as float32. */
export function W(n: number, d: number): Tensor<"float32"> {
  return tensor(
    Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => i + j / 10)),
  );
}

/** A copy of a tensor's values (to compare before and after a call). */
export function snapshot(t: Tensor): number[] {
  return Array.from(t.dataSync());
}

/**
 * Asserts `fn` throws `ErrorClass` with a message matching `pattern`, and
 * that every tensor in `watch` is unchanged afterwards.
 */
export function assertThrowsClean(
  fn: () => unknown,
  ErrorClass: typeof TypeError | typeof RangeError,
  pattern: RegExp,
  watch: Tensor[] = [],
): void {
  const before = watch.map(snapshot);
  assert.throws(fn, (err: unknown) => {
    assert.ok(
      err instanceof ErrorClass,
      `expected ${ErrorClass.name}, got ${(err as Error)?.constructor?.name}: ${
        (err as Error)?.message
      }`,
    );
    assert.match((err as Error).message, pattern);
    assert.ok(
      !(err as Error).message.endsWith("."),
      `message ends with a period: ${(err as Error).message}`,
    );
    return true;
  });
  watch.forEach((t, i) =>
    assert.deepEqual(snapshot(t), before[i], "a call that threw changed a table")
  );
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
