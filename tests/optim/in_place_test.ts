/**
 * Optimizer steps write parameters and state in place (PyTorch's `add_`),
 * with lazy results of the old values still computing from the old values,
 * and no new storage per step; SGD on an uncoalesced sparse gradient adds
 * every lookup's row in input order, as PyTorch's `add_` of an uncoalesced
 * sparse tensor does.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { FIXTURE, lossOf, model } from "./_replay.ts";

const storageOf = (t: T.Tensor) => tensorInternals().nodeOf(t).storage;

type Make = (m: ReturnType<typeof model>) => T.Optimizer<{ lr: number }>;
const MAKERS: [string, boolean, Make][] = [
  ["Adagrad", false, (m) => new T.Adagrad([m.table, m.weight], { lr: 0.5 })],
  ["Adagrad sparse", true, (m) => new T.Adagrad([m.table, m.weight], { lr: 0.5 })],
  ["SGD", false, (m) => new T.SGD([m.table, m.weight], { lr: 0.5 })],
  ["SGD sparse", true, (m) => new T.SGD([m.table, m.weight], { lr: 0.5 })],
  ["SGD momentum", false, (m) => new T.SGD([m.table, m.weight], { lr: 0.5, momentum: 0.9 })],
  ["Adam", false, (m) => new T.Adam([m.table, m.weight], { lr: 0.5 })],
];

for (const [name, sparse, make] of MAKERS) {
  Deno.test(`${name}: step() writes in place, and lazy results of the old values stay correct`, async () => {
    const m = model();
    const o = make(m);
    const b = FIXTURE.batches[0];
    await lossOf(m, b, sparse).backward();
    await o.step(); // state exists from here on
    await lossOf(m, b, sparse).backward();
    const oldTable = Array.from(await m.table.data());
    const oldWeight = Array.from(await m.weight.data());
    const storages = [m.table, m.weight].map(storageOf);
    const bag = { offsets: b.offsets, mode: "sum" as const };
    const lazyRows = T.embeddingBagForward(m.table, b.indices, bag);
    const lazyWeight = T.mul(m.weight, 1);
    const expectRows = T.embeddingBagForward(
      T.tensor(oldTable, { shape: [12, 4] }),
      b.indices,
      bag,
    );
    o.step(); // not awaited: later reads wait for the run
    assert.notDeepEqual(Array.from(await m.table.data()), oldTable);
    assert.deepEqual(await lazyRows.toArray(), await expectRows.toArray());
    assert.deepEqual(Array.from(await lazyWeight.data()), oldWeight);
    assert.deepEqual([m.table, m.weight].map(storageOf), storages, "a step allocated new storage");
  });
}

Deno.test("SGD on an uncoalesced sparse gradient adds each lookup's row in input order", async () => {
  const table = T.tensor([[1, 1], [2, 2], [3, 3]]);
  table.requiresGrad = true;
  const values = [[1e8, 1], [1, 2], [-1e8, 4]];
  table.grad = new T.RowSparseGrad([1, 1, 1], values, { numEmbeddings: 3 });
  await new T.SGD([table], { lr: 1 }).step();
  // Row by row, ((2 - 1e8) - 1) + 1e8 is 0 in float32 (PyTorch's order); coalescing first
  // would give 2 - ((1e8 + 1) - 1e8) = 2.
  const f = Math.fround;
  const inOrder = [f(f(f(2 - 1e8) - 1) + 1e8), f(f(f(2 - 1) - 2) - 4)];
  assert.deepEqual(await table.toArray(), [[1, 1], inOrder, [3, 3]]);
});

Deno.test("SparseAdam: step() writes the table and both moments in place, and lazy results of the old values stay correct", async () => {
  const m = model();
  const o = new T.SparseAdam([m.table], { lr: 0.5 });
  const b = FIXTURE.batches[0];
  await lossOf(m, b, true).backward();
  await o.step(); // the moments exist from here on
  await lossOf(m, b, true).backward();
  const state = o.state.get(m.table)!;
  const moments = [state.expAvg, state.expAvgSq] as T.Tensor<"float32">[];
  const tensors = [m.table, ...moments];
  const old = await Promise.all(tensors.map(async (t) => Array.from(await t.data())));
  const storages = tensors.map(storageOf);
  const lazy = tensors.map((t) => T.mul(t, 1));
  o.step(); // not awaited: later reads wait for the run
  for (const [i, t] of tensors.entries()) {
    assert.notDeepEqual(Array.from(await t.data()), old[i], `tensor ${i} did not change`);
    assert.deepEqual(Array.from(await lazy[i].data()), old[i], `lazy result ${i}`);
  }
  assert.deepEqual(tensors.map(storageOf), storages, "a step allocated new storage");
  assert.ok(o.state.get(m.table)!.expAvg === moments[0], "the state tensors were replaced");
});
