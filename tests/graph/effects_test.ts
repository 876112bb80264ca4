/**
 * Reader tracking for in-place writes (`src/graph/effects.ts`): pending
 * readers are listed, computed ones leave the list, and readers still
 * pending when the list is pruned are held weakly, so a long-lived value
 * keeps a bounded number of them alive.
 */

import assert from "node:assert/strict";
import { add, embeddingBagForward, mul, randn, sum, tensor } from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import type { Node } from "../../src/graph/node.ts";
import { deferReads, pendingReaders } from "../../src/graph/effects.ts";

const ti = tensorInternals();

const strong = (n: Node) => (n.readers ?? []).filter((r) => !(r instanceof WeakRef)).length;

Deno.test("pendingReaders() lists a lazy reader until a run computes it", async () => {
  const w = tensor([1, 2, 3]);
  await w.data();
  const value = ti.nodeOf(w);
  const reader = mul(w, 2);
  assert.deepEqual(pendingReaders(value), [ti.nodeOf(reader)]);
  assert.deepEqual([...await reader.data()], [2, 4, 6]);
  assert.deepEqual(pendingReaders(value), []);
  assert.equal(value.readers?.length, 0, "a computed reader leaves the list");
});

Deno.test("pendingReaders() counts a reader fused into another kernel as computed", async () => {
  const w = tensor([1, 2, 3]);
  await w.data();
  const value = ti.nodeOf(w);
  const inner = mul(w, 2); // fused into the sum's kernel, never materialised
  assert.equal(await sum(add(inner, 1)).item(), 15);
  assert.deepEqual(pendingReaders(value), []);
});

Deno.test("a reader still pending when another run reads the value stays listed", async () => {
  const w = tensor([1, 2, 3]);
  await w.data();
  const value = ti.nodeOf(w);
  const waiting = mul(w, 3);
  await add(w, 1).data();
  assert.deepEqual(pendingReaders(value), [ti.nodeOf(waiting)]);
  assert.deepEqual([...await waiting.data()], [3, 6, 9]);
  assert.deepEqual(pendingReaders(value), []);
});

Deno.test("readers that are never run stay listed while alive, at most 8 of them strongly", async () => {
  const w = tensor([1, 2, 3]);
  await w.data();
  const value = ti.nodeOf(w);
  const kept = Array.from({ length: 50 }, (_, i) => mul(w, i + 1));
  assert.ok(strong(value) <= 8, `${strong(value)} strong readers`);
  assert.equal(pendingReaders(value).length, 50);
  assert.deepEqual([...await kept[49].data()], [50, 100, 150]);
  assert.equal(pendingReaders(value).length, 49);
});

Deno.test("a value read by 20,000 pending nodes costs O(1) per read, 8 of them held strongly", async () => {
  const w = tensor([1, 2, 3]);
  await w.data();
  const value = ti.nodeOf(w);
  const t0 = performance.now();
  let chain = tensor([0, 0, 0]);
  for (let i = 0; i < 20000; i++) chain = add(chain, w); // each reads w and the previous link
  // Re-scanning the whole list on every read took minutes here; linear work takes milliseconds.
  assert.ok(performance.now() - t0 < 5000, `${performance.now() - t0} ms`);
  assert.equal(strong(value), 8);
  assert.equal(pendingReaders(value).length, 20000);
});

Deno.test("deferReads() takes a pending node off its inputs' lists until a new node reads it", async () => {
  const w = tensor([1, 2, 3]);
  await w.data();
  const value = ti.nodeOf(w);
  const inner = mul(w, 2), outer = add(inner, 1);
  deferReads([ti.nodeOf(outer), ti.nodeOf(inner)]);
  assert.deepEqual(pendingReaders(value), [], "deferred: not listed");
  const reader = mul(outer, 10); // reads it: both join their inputs' lists again
  assert.deepEqual(pendingReaders(value), [ti.nodeOf(inner)]);
  assert.deepEqual(pendingReaders(ti.nodeOf(outer)), [ti.nodeOf(reader)]);
  assert.deepEqual([...await reader.data()], [30, 50, 70]);
  assert.deepEqual(pendingReaders(value), []);
});

Deno.test("backward() defers its lazy lookup gradient: a reused offsets tensor lists none of it", async () => {
  const table = randn([20, 4], { seed: 1 });
  table.requiresGrad = true;
  const offsets = tensor([0, 2], { dtype: "int32" });
  await offsets.data();
  for (const sparse of [true, false]) {
    for (let step = 0; step < 3; step++) {
      table.grad = undefined;
      const bags = embeddingBagForward(table, [1, 5, 5, 9], { offsets, sparse, mode: "mean" });
      await sum(mul(bags, 2)).backward();
      assert.deepEqual(pendingReaders(ti.nodeOf(offsets)), [], `sparse ${sparse}, step ${step}`);
    }
    // Read afterwards, the gradient is still there: 2 / 2 for each lookup of each bag.
    const dense = table.grad instanceof Object && "toDense" in table.grad
      ? table.grad.toDense()
      : table.grad!;
    const rows = await dense.toArray() as number[][];
    assert.deepEqual(
      rows.map((r) => r[0]),
      rows.map((_, i) => [1, 9].includes(i) ? 1 : i === 5 ? 2 : 0),
    );
  }
});
