/**
 * Numeric assertions and small fixtures shared by the tests. Every numeric
 * expectation in the suite comes from an oracle: PyTorch fixtures, a naive
 * reference, or finite differences.
 */

import assert from "node:assert/strict";
import { type Tensor, tensor } from "../mod.ts";

export { assertAllClose, assertBitwise, type CloseOptions, rng } from "./_numeric.ts";

/** The reference vectors' table: `weight[i][j] = i + j/10` as float32. */
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
