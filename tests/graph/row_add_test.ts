/**
 * The `row_add` primitive (an optimizer's in-place row update) and the two
 * scheduling rules it relies on: a plan is cached per data-dependent shape,
 * and an in-place write to a lazy value keeps that value's storage.
 */

import assert from "node:assert/strict";
import { mul, RowSparseGrad, type Tensor, tensor } from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { makeNode } from "../../src/graph/node.ts";
import { pendingReaders } from "../../src/graph/effects.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";
import { rng } from "../_numeric.ts";

const ti = tensorInternals();

/** `t[rows[u]] += alpha * g[u]` as the optimizers build it. */
function rowAdd(t: Tensor, rows: Tensor, g: Tensor, alpha: number): void {
  const cur = ti.nodeOf(t);
  const node = makeNode("row_add", [cur, ti.nodeOf(rows), ti.nodeOf(g)], { alpha }, {
    after: pendingReaders(cur),
    aliases: 0,
  });
  ti.replaceNode(t, node);
}

for (const backend of BACKENDS) {
  Deno.test({
    name: `row_add adds alpha * G to the given rows only, in float32, on ${backend.name}`,
    ...WORKER_TEST,
    fn: () =>
      useBackend(backend, async () => {
        const next = rng(3), V = 50, D = 7;
        const w0 = Float32Array.from({ length: V * D }, () => next() * 2 - 1);
        const rows = [3, 17, 0, 49, 22];
        const g0 = Float32Array.from({ length: rows.length * D }, () => next() * 2 - 1);
        const w = tensor(w0, { shape: [V, D] });
        const before = mul(w, 1); // a lazy reader of the old value
        rowAdd(w, tensor(Int32Array.from(rows)), tensor(g0, { shape: [rows.length, D] }), -0.3);
        const want = Float32Array.from(w0);
        rows.forEach((r, u) => {
          for (let d = 0; d < D; d++) {
            want[r * D + d] = Math.fround(
              want[r * D + d] + Math.fround(Math.fround(-0.3) * g0[u * D + d]),
            );
          }
        });
        assert.deepEqual(await w.data(), want);
        assert.deepEqual(await before.data(), w0);
      }),
  });
}

Deno.test("an elementwise op after sparse gradients of different nnz uses each one's shape", async () => {
  // Same graph structure and input shapes, different number of distinct rows: one plan each.
  for (const idx of [[1, 1, 2], [0, 1, 2], [3, 3, 3]]) {
    const g = new RowSparseGrad(idx, [[1, 2], [3, 4], [5, 6]], { numEmbeddings: 4 }).coalesce();
    const doubled = await mul(g.values, 2).toArray(); // computed with the values, one plan
    const values = await g.values.toArray() as number[][];
    assert.deepEqual(doubled, values.map((r) => r.map((x) => 2 * x)));
  }
});

Deno.test("an in-place write to a lazy value writes into that value's storage", async () => {
  const base = tensor([[1, 1], [2, 2], [3, 3]]);
  const t = mul(base, 10); // lazy
  rowAdd(t, tensor(Int32Array.from([2])), tensor([[1, 2]]), 1);
  assert.deepEqual(await t.toArray(), [[10, 10], [20, 20], [31, 32]]);
  assert.deepEqual(await base.toArray(), [[1, 1], [2, 2], [3, 3]]);
});

Deno.test("row_add's alpha is a run-time argument: the plan made for one rate serves another", async () => {
  // The two graphs share their structure, so the second runs the first's cached plan.
  for (const alpha of [0.5, -3, 0.25]) {
    const t = tensor([[1, 1], [2, 2], [3, 3]]);
    rowAdd(t, tensor(Int32Array.from([0, 2])), tensor([[2, 4], [8, 16]]), alpha);
    assert.deepEqual(await t.toArray(), [[1 + 2 * alpha, 1 + 4 * alpha], [2, 2], [
      3 + 8 * alpha,
      3 + 16 * alpha,
    ]]);
  }
});
