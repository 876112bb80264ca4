/**
 * Learning-rate schedulers: PyTorch's values are in the trajectories
 * (`trajectories_test.ts`); here, longer runs against PyTorch's closed
 * forms, and bad options.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { assertAllClose } from "../_numeric.ts";

function sgd(lr = 1) {
  const w = T.tensor([1]);
  w.requiresGrad = true;
  return new T.SGD([w], { lr });
}

function run(s: T.LRScheduler, n: number): number[] {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(s.getLastLr()[0]);
    s.step();
  }
  return out;
}

Deno.test("schedulers follow PyTorch's closed forms over 25 epochs", () => {
  const e = Array.from({ length: 25 }, (_, i) => i);
  assertAllClose(
    run(new T.StepLR(sgd(0.5), { stepSize: 3 }), 25),
    e.map((t) => 0.5 * 0.1 ** Math.floor(t / 3)),
    { rtol: 1e-12 },
  );
  assertAllClose(
    run(new T.ExponentialLR(sgd(0.5), { gamma: 0.9 }), 25),
    e.map((t) => 0.5 * 0.9 ** t),
    { rtol: 1e-12 },
  );
  assertAllClose(
    run(new T.CosineAnnealingLR(sgd(0.5), { tMax: 10, etaMin: 0.01 }), 25),
    e.map((t) => 0.01 + (0.5 - 0.01) * (1 + Math.cos(Math.PI * t / 10)) / 2),
    { rtol: 1e-9, atol: 1e-12 },
  );
  assertAllClose(
    run(new T.LinearLR(sgd(0.5), { startFactor: 0.2, endFactor: 0.9, totalIters: 6 }), 25),
    e.map((t) => 0.5 * (0.2 + (0.9 - 0.2) * Math.min(t, 6) / 6)),
    { rtol: 1e-12 },
  );
});

Deno.test("schedulers set every group's lr from its own base", () => {
  const a = T.tensor([1]), b = T.tensor([1]);
  a.requiresGrad = b.requiresGrad = true;
  const o = new T.SGD([{ params: [a] }, { params: [b], lr: 0.2 }], { lr: 1 });
  const s = new T.ExponentialLR(o, { gamma: 0.5 });
  s.step();
  assert.deepEqual(o.paramGroups.map((g) => g.lr), [0.5, 0.1]);
  assert.deepEqual(s.getLastLr(), [0.5, 0.1]);
  assert.deepEqual(s.baseLrs, [1, 0.2]);
});

Deno.test("schedulers reject bad options naming the class and value", () => {
  const o = sgd();
  const bad: [() => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
    [
      () => new T.StepLR(o, { stepSize: 0 }),
      RangeError,
      /^StepLR\(\): stepSize is 0 but must be positive/,
    ],
    [() => new T.StepLR(o, {} as T.StepLROptions), TypeError, /^StepLR\(\): stepSize/],
    [() => new T.StepLR(o, { stepSize: 1, gamma: -1 }), RangeError, /gamma is -1/],
    [() => new T.ExponentialLR(o, { gamma: NaN }), TypeError, /^ExponentialLR\(\): gamma is NaN/],
    [
      () => new T.CosineAnnealingLR(o, { tMax: 1.5 }),
      TypeError,
      /^CosineAnnealingLR\(\): tMax is 1.5/,
    ],
    [
      () => new T.LinearLR(o, { startFactor: 0 }),
      RangeError,
      /^LinearLR\(\): startFactor is 0 but must be in \(0, 1\]/,
    ],
    [() => new T.LinearLR(o, { endFactor: 2 }), RangeError, /endFactor is 2/],
    [() => new T.LinearLR(o, { total_iters: 3 } as never), TypeError, /total_iters/],
    [() => new T.StepLR({} as never, { stepSize: 1 }), TypeError, /^StepLR\(\): optimizer is/],
  ];
  for (const [f, E, re] of bad) {
    assert.throws(f, (e: Error) => e instanceof E && re.test(e.message));
  }
  assert.equal(o.paramGroups[0].lr, 1);
});
