/**
 * The Wasm SIMD Barnes-Hut kernels against the JS reference functions of
 * `_barnes_hut_forces.ts`: the same float64 operations in the same order, so
 * the same bits, on clustered points with duplicates, at several angles, and
 * over a run of gradient descent.
 */

import assert from "node:assert/strict";
import { attraction } from "../../src/viz/_barnes_hut_forces.ts";
import { repulsionPlanar } from "../../src/viz/_planar_forces.ts";
import type { Csr } from "../../src/viz/_affinities.ts";
import { STACK_ENTRIES } from "../../src/viz/_force_arena.ts";
import { gradientDescent } from "../../src/viz/_gradient_descent.ts";
import { barnesHutGradient, BarnesHutState } from "../../src/viz/_tsne_gradient.ts";
import { emitRepulsion } from "../../src/viz/_wasm_repulsion.ts";
import { arena } from "../../src/memory/arena.ts";

const n = 600;

/** Clustered 2-D points (every 50th a duplicate of its predecessor, some 1e-7 apart). */
function points(seed: number): Float64Array {
  let a = seed;
  const u = () => (a = (a * 16807) % 2147483647) / 2147483647;
  const y = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const c = i % 7, r = Math.sqrt(-2 * Math.log(u())) * 2;
    y[2 * i] = 20 * Math.cos(c) + r * Math.cos(6.283 * u());
    y[2 * i + 1] = 20 * Math.sin(c) + r * Math.sin(6.283 * u());
    if (i % 50 === 1) y.copyWithin(2 * i, 2 * i - 2, 2 * i);
    if (i % 50 === 2) y[2 * i] = y[2 * i - 2] + 1e-7;
  }
  return y;
}

/** A sparse P with 11 to 13 neighbours a row (values summing to about 1). */
function sparseP(): Csr {
  const indptr = new Int32Array(n + 1), indices: number[] = [], values: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let k = 1; k <= 11 + i % 3; k++) {
      indices.push((i * 31 + k * k * 7) % n);
      values.push((1 + Math.sin(i + k)) / (n * 12));
    }
    indptr[i + 1] = indices.length;
  }
  return { indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

/** A Wasm state with the positions of `y`, its tree built and shared, P attached. */
function stateFor(y: Float64Array, p: Csr): BarnesHutState {
  const s = new BarnesHutState(n, 2);
  for (let i = 0; i < n; i++) [s.px[i], s.py[i]] = [y[2 * i], y[2 * i + 1]];
  s.arena.roundPositions();
  s.tree.build(s.px, s.py, s.pz, n, s.arena.orderPoints());
  assert.ok(s.arena.share(s.tree));
  s.arena.attach(p);
  return s;
}

Deno.test("emitRepulsion() and emitAttraction() kernels give repulsionPlanar()'s and attraction()'s bits", () => {
  for (const seed of [1, 2]) {
    const p = sparseP(), s = stateFor(points(seed), p);
    for (const angle of [0, 0.2, 0.5, 0.9]) {
      repulsionPlanar(s, 0, n, angle * angle, 1);
      const ref = [s.nx, s.ny, s.sq].map((a) => a.slice());
      s.nx.fill(NaN), s.ny.fill(NaN), s.sq.fill(NaN);
      // In two ranges, as the threads take them.
      assert.ok(s.wasm!.repulsion(0, 250, angle * angle, 0));
      assert.ok(s.wasm!.repulsion(250, n, angle * angle, 0));
      assert.deepEqual([s.nx, s.ny, s.sq], ref, `repulsion, seed ${seed}, angle ${angle}`);
    }
    for (const scale of [1, 12]) { // P exaggerated in place, then rounded again
      for (let t = 0; t < p.values.length; t++) p.values[t] *= scale;
      s.arena.roundValues();
      attraction(p.indptr, p.indices, p.values, s, 0, n, 1);
      const ref = [s.ax.slice(), s.ay.slice()];
      s.ax.fill(NaN), s.ay.fill(NaN);
      s.wasm!.attraction(0, 300);
      s.wasm!.attraction(300, n);
      assert.deepEqual([s.ax, s.ay], ref, `attraction, seed ${seed}, P × ${scale}`);
    }
    s.dispose();
  }
});

Deno.test("emitRepulsion() returns 1 when the stack would overflow", () => {
  const s = stateFor(points(3), sparseP());
  const run = new WebAssembly.Instance(
    new WebAssembly.Module(emitRepulsion().bytes as BufferSource),
    { env: { memory: arena().memory } },
  ).exports.run as (...args: number[]) => number;
  const l = s.arena.layout, [, , , nx, ny, , , , , sq] = l.floats;
  const args = [l.xy32, nx, ny, sq, l.child, l.cells32, l.stacks];
  assert.equal(run(...args, 6, l.order, 0.25, 0, n), 1);
  assert.equal(run(...args, STACK_ENTRIES, l.order, 0.25, 0, n), 0);
  s.dispose();
});

Deno.test("emitRepulsion() gives repulsionPlanar()'s bits with 4 to 28 points a group", () => {
  const s = stateFor(points(4), sparseP());
  const l = s.arena.layout, [, , , nx, ny, , , , , sq] = l.floats;
  repulsionPlanar(s, 0, n, 0.25, 1);
  const ref = [s.nx, s.ny, s.sq].map((a) => a.slice());
  for (const vectors of [1, 2, 3, 5, 7]) {
    const run = new WebAssembly.Instance(
      new WebAssembly.Module(emitRepulsion(vectors).bytes as BufferSource),
      { env: { memory: arena().memory } },
    ).exports.run as (...args: number[]) => number;
    s.nx.fill(NaN), s.ny.fill(NaN), s.sq.fill(NaN);
    const args = [l.xy32, nx, ny, sq, l.child, l.cells32, l.stacks, STACK_ENTRIES, l.order, 0.25];
    assert.equal(run(...args, 0, 333), 0); // 333 is no multiple of the group: repeats at the end
    assert.equal(run(...args, 333, n), 0);
    assert.deepEqual([s.nx, s.ny, s.sq], ref, `${4 * vectors} points a group`);
  }
  assert.throws(() => emitRepulsion(8), /emitRepulsion\(\): vectors is 8 but must be at most 7/);
  s.dispose();
});

Deno.test("barnesHutGradient() with the Wasm kernels equals the JS reference over 80 descent steps", async () => {
  const results = [];
  for (const wasm of [true, false]) {
    const p = sparseP(), state = new BarnesHutState(n, 2, { wasm });
    if (wasm) state.arena.attach(p);
    const y = points(4).map((v) => v * 1e-3);
    const errors: number[] = [];
    await gradientDescent(
      (q, computeError, grad) => barnesHutGradient(p, q, n, 2, 1, 0.5, computeError, grad, state),
      y,
      {
        it: 0,
        nIter: 80,
        momentum: 0.5,
        learningRate: 200,
        nIterWithoutProgress: 300,
        minGradNorm: 0,
        onCheck: (_, error) => errors.push(error),
      },
    );
    assert.equal(state.wasm !== undefined, wasm);
    results.push({ y, errors });
    state.dispose();
  }
  assert.deepEqual(results[0], results[1]);
});
