/**
 * The Wasm descent step (`WasmStepper`) against `jsStepper` over
 * `barnesHutGradient`: the same points, errors and gradient norms, bit for
 * bit, over two phases (momentum 0.5 then 0.8, as `tsne()` runs them), with
 * gains that reach their floor (a learning rate large enough to overshoot).
 */

import assert from "node:assert/strict";
import { gradientDescent } from "../../src/viz/_gradient_descent.ts";
import { barnesHutGradient, BarnesHutState } from "../../src/viz/_tsne_gradient.ts";
import { WasmStepper } from "../../src/viz/_wasm_step.ts";
import type { Csr } from "../../src/viz/_affinities.ts";

const n = 500;

/** Clustered 2-D points, small as an init is. */
function points(): Float64Array {
  let a = 7;
  const u = () => (a = (a * 16807) % 2147483647) / 2147483647;
  return Float64Array.from({ length: 2 * n }, (_, t) => 1e-3 * ((t % 6) + 2 * (u() - 0.5)));
}

/** A sparse P with 10 to 12 neighbours a row. */
function sparseP(): Csr {
  const indptr = new Int32Array(n + 1), indices: number[] = [], values: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let k = 1; k <= 10 + i % 3; k++) {
      indices.push((i * 17 + k * k * 5) % n);
      values.push((1.5 + Math.cos(i * k)) / (n * 11));
    }
    indptr[i + 1] = indices.length;
  }
  return { indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

Deno.test("WasmStepper takes jsStepper's steps over barnesHutGradient() bit for bit", async () => {
  const results = [];
  for (const kernel of [true, false]) {
    const p = sparseP(), state = new BarnesHutState(n, 2);
    state.arena.attach(p);
    const y = points(), checks: number[] = [];
    const descent = kernel
      ? new WasmStepper(p, state, 0.5)
      : (q: Float64Array, computeError: boolean, grad: Float64Array) =>
        barnesHutGradient(p, q, n, 2, 1, 0.5, computeError, grad, state);
    let it = 0;
    for (const [momentum, nIter] of [[0.5, 60], [0.8, 150]]) {
      const r = await gradientDescent(descent, y, {
        it,
        nIter,
        momentum,
        learningRate: 10000,
        nIterWithoutProgress: 300,
        minGradNorm: 0,
        onCheck: (_, error, gradNorm) => checks.push(error, gradNorm),
      });
      it = r.iteration + 1;
      checks.push(r.error);
    }
    results.push({ y, checks });
    state.dispose();
  }
  assert.equal(results[0].checks.length, 8);
  assert.ok(results[0].checks.every(Number.isFinite));
  assert.notDeepEqual(results[0].y, points()); // it moved
  assert.deepEqual(results[0], results[1]);
});
