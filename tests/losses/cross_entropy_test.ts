/**
 * crossEntropy() tells class indices from probabilities by the target's
 * nesting, without walking data deeper than the input's rank: deep or
 * cyclic targets get a RangeError naming the function, never a stack overflow.
 */

import assert from "node:assert/strict";
import { crossEntropy, tensor } from "../../mod.ts";
import { assertThrowsClean } from "../_helpers.ts";

function nested(depth: number): unknown {
  let a: unknown = [0];
  for (let i = 0; i < depth; i++) a = [a];
  return a;
}

Deno.test("crossEntropy() rejects a target nested 100,000 deep or cyclic with a RangeError", () => {
  const cyclic: unknown[] = [];
  cyclic.push(cyclic);
  const input = tensor([[1, 2], [0, -1]]);
  for (const target of [nested(100_000), cyclic]) {
    for (const x of [input, [1, 2], [[[1, 2]]]]) {
      assertThrowsClean(
        () => crossEntropy(x, target),
        RangeError,
        /^crossEntropy\(\): target is nested more than 32 deep \(or cyclic\)/,
        [input],
      );
    }
  }
});

Deno.test("crossEntropy() still reads nested class indices and probabilities by their depth", () => {
  // Probabilities of the input's shape: -Σ y·log softmax(x), as a naive reference.
  const x = [[1, 2], [0, -1]], y = [[0.25, 0.75], [1, 0]];
  const logSoftmax = (r: number[]) => {
    const m = Math.max(...r), z = Math.log(r.reduce((s, v) => s + Math.exp(v - m), 0)) + m;
    return r.map((v) => v - z);
  };
  const want =
    -x.reduce((s, r, i) => s + logSoftmax(r).reduce((t, l, c) => t + l * y[i][c], 0), 0) /
    2;
  assert.ok(Math.abs(crossEntropy(x, y).item() - want) < 1e-6);
  const ids = -(logSoftmax(x[0])[1] + logSoftmax(x[1])[0]) / 2;
  assert.ok(Math.abs(crossEntropy(x, [1, 0]).item() - ids) < 1e-6);
});
