/**
 * Reader tracking for in-place writes (`src/graph/effects.ts`): pending
 * readers are listed, computed ones leave the list, and readers still
 * pending when the list is pruned are held weakly, so a long-lived value
 * keeps a bounded number of them alive.
 */

import assert from "node:assert/strict";
import { add, mul, sum, tensor } from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import type { Node } from "../../src/graph/node.ts";
import { pendingReaders } from "../../src/graph/effects.ts";

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
