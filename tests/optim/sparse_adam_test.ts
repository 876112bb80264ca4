/**
 * `SparseAdam` (src/optim/sparse_adam.ts) against PyTorch's float32
 * operations done one at a time on the host (coalesce in input order,
 * sparse_mask, sub, mul_, add_, sqrt_, div_), bit for bit, on every
 * backend: two tables in two parameter groups with their own options
 * (one maximizing), repeated rows, three steps through `backward()`; and a
 * gradient built by hand, whose repeated rows are summed in input order.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";

const fr = Math.fround;

/** A seeded stream of floats in [0, 1). */
function rng(seed: number): () => number {
  return () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

interface Table {
  V: number;
  D: number;
  w: Float32Array;
  m: Float32Array;
  v: Float32Array;
  group: { lr: number; betas: [number, number]; eps: number; maximize: boolean };
}

/** One PyTorch step of a table on the host, entry j of the gradient being row `ids[j]`, `value(j, d)`. */
function naiveStep(
  t: Table,
  ids: number[],
  value: (j: number, d: number) => number,
  step: number,
): void {
  const { D, group: { lr, betas: [b1, b2], eps, maximize } } = t;
  const sums = new Map<number, Float32Array>();
  ids.forEach((row, j) => {
    const s = sums.get(row) ?? new Float32Array(D);
    for (let d = 0; d < D; d++) s[d] = fr(s[d] + value(j, d));
    sums.set(row, s);
  });
  const stepSize = lr * Math.sqrt(1 - b2 ** step) / (1 - b1 ** step);
  for (const [row, s] of sums) {
    for (let d = 0; d < D; d++) {
      const i = row * D + d, g = maximize ? -s[d] : s[d], om = t.m[i], ov = t.v[i];
      const mu = fr(fr(g - om) * fr(1 - b1)), vu = fr(fr(fr(g * g) - ov) * fr(1 - b2));
      t.m[i] = fr(om + mu);
      t.v[i] = fr(ov + vu);
      const denom = fr(fr(Math.sqrt(fr(vu + ov))) + fr(eps));
      t.w[i] = fr(t.w[i] + fr(fr(-stepSize) * fr(fr(mu + om) / denom)));
    }
  }
}

for (const backend of BACKENDS) {
  Deno.test({
    name: `SparseAdam equals PyTorch's float32 steps bit for bit, two groups, on ${backend.name}`,
    ...WORKER_TEST,
    fn: () =>
      useBackend(backend, async () => {
        const r = rng(5), L = 4, B = 6;
        const tables: Table[] = [
          { V: 7, D: 5, group: { lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, maximize: false } },
          { V: 30, D: 19, group: { lr: 0.05, betas: [0.8, 0.99], eps: 1e-3, maximize: true } },
        ].map((t) => {
          const w = Float32Array.from({ length: t.V * t.D }, () => r() * 2 - 1);
          return { ...t, w, m: new Float32Array(w.length), v: new Float32Array(w.length) } as Table;
        });
        const params = tables.map((t) => {
          const p = T.tensor(t.w.slice(), { shape: [t.V, t.D] });
          p.requiresGrad = true;
          return p;
        });
        const o = new T.SparseAdam([
          { params: [params[0]], ...tables[0].group },
          { params: [params[1]], ...tables[1].group },
        ]);
        for (let step = 1; step <= 3; step++) {
          o.zeroGrad();
          let loss: T.Tensor<"float32"> | undefined;
          for (const [k, t] of tables.entries()) {
            // Few distinct rows, so rows repeat within and across bags; rows 0 and V-1 never come.
            const ids = Array.from({ length: B * L }, () => 1 + Math.floor(r() * (t.V - 2) / 3));
            const cot = Float32Array.from({ length: B * t.D }, () => r() * 2 - 1);
            const offsets = Array.from({ length: B }, (_, b) => b * L);
            const out = T.embeddingBagForward(params[k], ids, {
              offsets,
              mode: "sum",
              sparse: true,
            });
            const part = T.sum(T.mul(out, T.tensor(cot, { shape: [B, t.D] })));
            loss = loss === undefined ? part : T.add(loss, part);
            naiveStep(t, ids, (j, d) => cot[Math.floor(j / L) * t.D + d], step);
          }
          await loss!.backward();
          await o.step();
        }
        for (const [k, t] of tables.entries()) {
          const state = o.state.get(params[k])!;
          assert.equal(state.step, 3);
          assert.deepEqual(await params[k].data(), t.w, `table ${k}`);
          assert.deepEqual(await (state.expAvg as T.Tensor).data(), t.m, `expAvg ${k}`);
          assert.deepEqual(await (state.expAvgSq as T.Tensor).data(), t.v, `expAvgSq ${k}`);
        }
      }),
  });
}

Deno.test("SparseAdam sums a hand-built gradient's repeated rows in input order, as PyTorch's coalesce()", async () => {
  const group = { lr: 0.1, betas: [0.9, 0.999] as [number, number], eps: 1e-8, maximize: false };
  const V = 4, D = 2, w = new Float32Array([1, 1, 2, 2, 3, 3, 4, 4]);
  const t: Table = { V, D, w: w.slice(), m: new Float32Array(8), v: new Float32Array(8), group };
  const table = T.tensor(w, { shape: [V, D] });
  table.requiresGrad = true;
  const o = new T.SparseAdam([table], group);
  // Row 1's terms cancel only in input order: (1e8 + 1) - 1e8 is 0 in float32.
  const ids = [1, 3, 1, 1], values = [[1e8, 0.5], [2, -3], [1, 0.25], [-1e8, 1]];
  for (let step = 1; step <= 2; step++) {
    table.grad = new T.RowSparseGrad(ids, values, { numEmbeddings: V });
    await o.step();
    naiveStep(t, ids, (j, d) => values[j][d], step);
  }
  assert.deepEqual(await table.data(), t.w);
  assert.deepEqual(await (o.state.get(table)!.expAvg as T.Tensor).data(), t.m);
  assert.deepEqual(Array.from(await table.data()).slice(0, 2), [1, 1], "row 0 changed");
});
