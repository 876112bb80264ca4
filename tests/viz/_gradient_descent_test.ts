/**
 * Tests of sklearn's t-SNE descent loop (`gradientDescent`): which steps it
 * asks for the error, and its stopping rule on progress.
 */

import assert from "node:assert/strict";
import { gradientDescent, type Stepper } from "../../src/viz/_gradient_descent.ts";

/** A stepper whose k-th computed error is `errors[k]`; it records what each step was asked. */
function recording(errors: (step: number) => number): { stepper: Stepper; asked: boolean[] } {
  const asked: boolean[] = [];
  const stepper: Stepper = {
    begin() {},
    step(computeError) {
      asked.push(computeError);
      return computeError ? errors(asked.length - 1) : NaN;
    },
    norm2: 1,
    end() {},
  };
  return { stepper, asked };
}

const phase = { momentum: 0.5, learningRate: 10, minGradNorm: 1e-7 };

Deno.test("gradientDescent() computes the error at each check and at the last iteration only", async () => {
  const { stepper, asked } = recording((k) => 100 - k);
  const seen: number[] = [];
  const r = await gradientDescent(stepper, new Float64Array(2), {
    ...phase,
    it: 0,
    nIter: 120,
    nIterWithoutProgress: 300,
    onCheck: (i, error) => seen.push(i, error),
  });
  const expected = Array.from({ length: 120 }, (_, i) => (i + 1) % 50 === 0 || i === 119);
  assert.deepEqual(asked, expected);
  assert.deepEqual(seen, [49, 51, 99, 1]);
  assert.deepEqual(r, { error: -19, iteration: 119 });
});

Deno.test("gradientDescent() stops after nIterWithoutProgress iterations without a lower error", async () => {
  const { stepper, asked } = recording(() => 5); // never lower than the first check's
  const r = await gradientDescent(stepper, new Float64Array(2), {
    ...phase,
    it: 0,
    nIter: 1000,
    nIterWithoutProgress: 100,
  });
  // Best at 49; 149 - 49 = 100 is not more than 100, 199 - 49 is.
  assert.equal(r.iteration, 199);
  assert.equal(asked.length, 200);
});

Deno.test("gradientDescent() with errors false computes none and applies no rule on progress", async () => {
  const { stepper, asked } = recording(() => 5);
  const checks: number[] = [];
  const r = await gradientDescent(stepper, new Float64Array(2), {
    ...phase,
    it: 0,
    nIter: 250,
    nIterWithoutProgress: 100,
    onCheck: (i, error) => checks.push(i, error),
    errors: false,
  });
  assert.ok(asked.every((a) => !a) && asked.length === 250);
  assert.deepEqual(checks, [49, NaN, 99, NaN, 149, NaN, 199, NaN, 249, NaN]);
  assert.deepEqual(r, { error: NaN, iteration: 249 });
});
