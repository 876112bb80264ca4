/** Statistical assertions for random ops. */

import assert from "node:assert/strict";

/** Asserts `count` lies within 5 standard deviations of Binomial(n, p)'s mean. */
export function assertBinomial(count: number, n: number, p: number): void {
  const sd = Math.sqrt(n * p * (1 - p));
  assert.ok(Math.abs(count - n * p) <= 5 * sd, `${count} of ${n} at p = ${p}`);
}
