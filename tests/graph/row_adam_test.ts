/**
 * The `row_adam` primitive (SparseAdam's in-place update of a table and
 * both moments) and `written_by` (the moments' new values): the given rows
 * of all three change as PyTorch's float32 steps, the others stay, lazy
 * readers of the old values still see them, and a spilled table or moment
 * (on the JavaScript heap) gets its update copied back, on every backend.
 */

import assert from "node:assert/strict";
import { mul, type Tensor, tensor } from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { makeNode } from "../../src/graph/node.ts";
import { pendingReaders } from "../../src/graph/effects.ts";
import { setSpillAfter } from "../../src/memory/_reclaim.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";
import { rng } from "../_numeric.ts";

const ti = tensorInternals(), fr = Math.fround;
const [V, D] = [40, 6], rows = [5, 0, 39, 12];
const ATTRS = { beta1: 0.9, beta2: 0.99, eps: 1e-3, stepSize: 0.05, maximize: true };

/** `row_adam` of `[w, m, v]` at `rows` by `g`, as `Changes.adamRows` builds it. */
function rowAdam(w: Tensor, m: Tensor, v: Tensor, g: Tensor, attrs = ATTRS): void {
  const cur = [w, m, v].map((t) => ti.nodeOf(t));
  const node = makeNode(
    "row_adam",
    [...cur, ti.nodeOf(tensor(Int32Array.from(rows))), ti.nodeOf(g)],
    attrs,
    {
      after: cur.flatMap((n) => pendingReaders(n)),
      aliases: 0,
    },
  );
  ti.replaceNode(w, node);
  ti.replaceNode(m, makeNode("written_by", [cur[1], node], {}, { aliases: 0 }));
  ti.replaceNode(v, makeNode("written_by", [cur[2], node], {}, { aliases: 0 }));
}

/** PyTorch's float32 SparseAdam step on the given rows (host arrays). */
function naive(w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, attrs = ATTRS) {
  [w, m, v] = [w.slice(), m.slice(), v.slice()];
  const { beta1, beta2, eps, stepSize } = attrs;
  rows.forEach((r, u) => {
    for (let d = 0; d < D; d++) {
      const i = r * D + d, gd = -g[u * D + d], om = m[i], ov = v[i];
      const mu = fr(fr(gd - om) * fr(1 - beta1)), vu = fr(fr(fr(gd * gd) - ov) * fr(1 - beta2));
      m[i] = fr(om + mu);
      v[i] = fr(ov + vu);
      const denom = fr(fr(Math.sqrt(fr(vu + ov))) + fr(eps));
      w[i] = fr(w[i] + fr(fr(-stepSize) * fr(fr(mu + om) / denom)));
    }
  });
  return [w, m, v];
}

/** A table, moments and gradient rows with seeded values (the second moment non-negative). */
function data(seed: number) {
  const next = rng(seed), n = V * D;
  const w = Float32Array.from({ length: n }, () => next() * 2 - 1);
  const m = Float32Array.from({ length: n }, () => next() - 0.5);
  const v = Float32Array.from({ length: n }, () => next());
  const g = Float32Array.from({ length: rows.length * D }, () => next() * 4 - 2);
  return { w, m, v, g };
}

for (const backend of BACKENDS) {
  Deno.test({
    name: `row_adam updates the given rows of the table and both moments, on ${backend.name}`,
    ...WORKER_TEST,
    fn: () =>
      useBackend(backend, async () => {
        const { w, m, v, g } = data(3);
        const ts = [w, m, v].map((x) => tensor(x, { shape: [V, D] }));
        const before = ts.map((t) => mul(t, 1)); // lazy readers of the old values
        rowAdam(ts[0], ts[1], ts[2], tensor(g, { shape: [rows.length, D] }));
        const want = naive(w, m, v, g);
        for (const i of [0, 1, 2]) {
          assert.deepEqual(await ts[i].data(), want[i], `tensor ${i}`);
          assert.deepEqual(await before[i].data(), [w, m, v][i], `old value ${i}`);
        }
      }),
  });

  Deno.test({
    name: `row_adam's writes reach a spilled table and spilled moments, on ${backend.name}`,
    ...WORKER_TEST,
    fn: () =>
      useBackend(backend, async () => {
        const { w, m, v, g } = data(4);
        // Results of a run made while every result spills: they live on the heap.
        const spill = setSpillAfter(-1);
        let ts: Tensor[];
        try {
          ts = [w, m, v].map((x) => mul(tensor(x, { shape: [V, D] }), 1));
          for (const t of ts) await t.data();
        } finally {
          setSpillAfter(spill);
        }
        assert.ok(ts.every((t) => ti.nodeOf(t).storage!.spilled), "not spilled");
        rowAdam(ts[0], ts[1], ts[2], tensor(g, { shape: [rows.length, D] }));
        const want = naive(w, m, v, g);
        for (const i of [0, 1, 2]) assert.deepEqual(await ts[i].data(), want[i], `tensor ${i}`);
      }),
  });
}

Deno.test("row_adam's rates are run-time arguments: the plan made for one step serves the next", async () => {
  // Same structure (maximize alike), other step size, betas and eps: the cached plan runs.
  const other = { beta1: 0.8, beta2: 0.9, eps: 1e-6, stepSize: 0.3, maximize: true };
  for (const [seed, attrs] of [[5, ATTRS], [6, other], [7, ATTRS]] as const) {
    const d = data(seed);
    const [w, m, v] = [d.w, d.m, d.v].map((a) => tensor(a, { shape: [V, D] }));
    rowAdam(w, m, v, tensor(d.g, { shape: [rows.length, D] }), attrs);
    const want = naive(d.w, d.m, d.v, d.g, attrs);
    assert.deepEqual([await w.data(), await m.data(), await v.data()], want);
  }
});
