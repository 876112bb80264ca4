/** Tests of the functional `dropout`: statistics, exact scale, seeds, gradients and errors. */

import assert from "node:assert/strict";
import { dropout, grad, jit, ones, sum, type Tensor, tensor } from "../../mod.ts";
import { assertBitwise, assertThrowsClean, rng, snapshot } from "../_helpers.ts";
import { assertBinomial } from "../_stats.ts";

Deno.test("dropout() zeroes a binomial fraction p and scales the rest by exactly 1/(1-p)", () => {
  const r = rng(3), n = 20000;
  const x = new Float32Array(n).map(() => r() * 4 - 2);
  for (const p of [0.1, 0.3, 0.5, 0.9]) {
    const y = dropout(tensor(x), { p, seed: 7 }).dataSync();
    const scale = Math.fround(1 / (1 - p));
    let zeros = 0;
    for (let i = 0; i < n; i++) {
      if (y[i] === 0) zeros++;
      else assert.equal(y[i], Math.fround(x[i] * scale), `p = ${p}, element ${i}`);
    }
    assertBinomial(zeros, n, p);
  }
});

Deno.test("dropout() is the identity with training false or p 0, and all zeros with p 1", () => {
  const x = tensor([[1, -2], [3, 4]]);
  assert.equal(snapshot(dropout(x, { training: false })).join(), "1,-2,3,4");
  assertBitwise(dropout(x, { p: 0 }).dataSync(), [1, -2, 3, 4]);
  assertBitwise(dropout(x, { p: 1 }).dataSync(), [0, -0, 0, 0]); // x · 0, as PyTorch
  assertBitwise(dropout([5, 6], { training: false }).dataSync(), [5, 6]);
  assert.deepEqual(dropout(x).shape, [2, 2]);
});

Deno.test("dropout() with a seed draws the same mask every call; without one, the global stream", () => {
  const x = ones([64]);
  assert.deepEqual(snapshot(dropout(x, { seed: 1 })), snapshot(dropout(x, { seed: 1 })));
  assert.notDeepEqual(snapshot(dropout(x, { seed: 1 })), snapshot(dropout(x, { seed: 2 })));
  assert.notDeepEqual(snapshot(dropout(x)), snapshot(dropout(x)));
});

Deno.test("dropout(): the gradient is the mask, scaled like the kept values", () => {
  const x = tensor(new Float32Array(200).fill(3));
  const p = 0.25, scale = Math.fround(1 / (1 - p));
  const kept = snapshot(dropout(x, { p, seed: 9 })).map((v) => (v === 0 ? 0 : scale));
  const g = grad((t: Tensor) => sum(dropout(t, { p, seed: 9 })))(x) as Tensor;
  assertBitwise(g.dataSync(), kept);
});

Deno.test("dropout() rejects bad p, options and inputs, and training mode inside jit", async () => {
  const x = tensor([1, 2]);
  assertThrowsClean(
    () => dropout(x, { p: 1.5 }),
    RangeError,
    /^dropout\(\): p is 1.5 but must lie in \[0, 1\]$/,
  );
  assertThrowsClean(() => dropout(x, { p: NaN }), RangeError, /p is NaN/);
  assertThrowsClean(
    () => dropout(x, { p: "0.5" as never }),
    TypeError,
    /^dropout\(\): p is "0.5" but must be a number$/,
  );
  assertThrowsClean(() => dropout(x, { rate: 0.5 } as never), TypeError, /dropout\(\).*rate/);
  assertThrowsClean(() => dropout(x, { training: 1 } as never), TypeError, /dropout\(\).*training/);
  assertThrowsClean(
    () => dropout(tensor([1], { dtype: "int32" })),
    TypeError,
    /x is an int32 tensor/,
  );
  await assert.rejects(
    async () => await jit((t: Tensor) => dropout(t))(x),
    (err: Error) =>
      err instanceof TypeError &&
      /^dropout\(\): dropout in training mode cannot run inside jit/.test(err.message),
  );
  assertBitwise((await jit((t: Tensor) => dropout(t, { training: false }))(x)).dataSync(), [1, 2]);
});
