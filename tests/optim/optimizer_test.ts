/**
 * The optimizer base: state dicts (PyTorch's structure, round trips,
 * copies, bad ones refused), in-place semantics (lazy results of the old
 * values stay correct), steps with or without `await`.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { FIXTURE, lossOf, model } from "./_replay.ts";

type Make = (m: ReturnType<typeof model>) => T.Optimizer<{ lr: number }>;
const MAKERS: [string, boolean, Make][] = [
  [
    "SGD momentum",
    false,
    (m) => new T.SGD([m.table, m.weight, m.bias], { lr: 0.3, momentum: 0.9 }),
  ],
  [
    "SGD sparse momentum",
    true,
    (m) => new T.SGD([m.table, m.weight, m.bias], { lr: 0.3, momentum: 0.9 }),
  ],
  [
    "Adam amsgrad",
    false,
    (m) => new T.Adam([m.table, m.weight, m.bias], { lr: 0.05, amsgrad: true }),
  ],
  ["AdamW", false, (m) => new T.AdamW([m.table, m.weight, m.bias], { lr: 0.05 })],
  [
    "Adagrad sparse",
    true,
    (m) => new T.Adagrad([{ params: [m.table], lr: 0.5 }, { params: [m.weight, m.bias] }]),
  ],
  ["SparseAdam", true, (m) => new T.SparseAdam([m.table], { lr: 0.05 })],
  ["RowWiseAdagrad", true, (m) => new T.RowWiseAdagrad([m.table], { lr: 0.3, weightDecay: 0.1 })],
];

async function train(
  m: ReturnType<typeof model>,
  o: T.Optimizer<{ lr: number }>,
  sparse: boolean,
  batches: typeof FIXTURE.batches,
) {
  for (const b of batches) {
    o.zeroGrad();
    m.table.grad = m.weight.grad = m.bias.grad = undefined;
    await lossOf(m, b, sparse).backward();
    await o.step();
  }
}

const values = async (m: ReturnType<typeof model>) =>
  [await m.table.data(), await m.weight.data(), await m.bias.data()].map((a) => Array.from(a));

Deno.test("loadStateDict(stateDict()) resumes training exactly, and copies the state", async () => {
  for (const [name, sparse, make] of MAKERS) {
    const a = model(), oa = make(a);
    await train(a, oa, sparse, FIXTURE.batches.slice(0, 2));
    const b = model();
    b.table.dataSync().set(await a.table.data());
    b.weight.dataSync().set(await a.weight.data());
    b.bias.dataSync().set(await a.bias.data());
    const ob = make(b);
    ob.loadStateDict(oa.stateDict());
    const saved = oa.stateDict();
    await train(a, oa, sparse, FIXTURE.batches.slice(2));
    await train(b, ob, sparse, FIXTURE.batches.slice(2));
    assert.deepEqual(await values(b), await values(a), name);
    // The loaded state is a copy: b's steps did not write into a's saved tensors twice.
    for (const [i, s] of Object.entries(ob.stateDict().state)) {
      for (const [k, v] of Object.entries(s)) {
        if (typeof v === "number") {
          assert.equal(v, saved.state[Number(i)][k] as number + 3, `${name} ${k}`);
        } else assert.notEqual(v, saved.state[Number(i)][k], `${name} ${k}`);
      }
    }
  }
});

Deno.test("stateDict() has PyTorch's structure: state by index, groups with options and indices", async () => {
  const m = model();
  const o = new T.SGD([{ params: [m.table], lr: 0.5 }, { params: [m.weight, m.bias] }], {
    lr: 0.1,
    momentum: 0.9,
  });
  await train(m, o, false, FIXTURE.batches.slice(0, 1));
  const sd = o.stateDict();
  assert.deepEqual(sd.paramGroups, [
    {
      lr: 0.5,
      momentum: 0.9,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
      params: [0],
    },
    {
      lr: 0.1,
      momentum: 0.9,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
      params: [1, 2],
    },
  ]);
  assert.deepEqual(Object.keys(sd.state), ["0", "1", "2"]);
  assert.deepEqual(sd.state[1].momentumBuffer, o.state.get(m.weight)!.momentumBuffer);
  const g = new T.Adagrad([m.weight], { initialAccumulatorValue: 0.5 });
  assert.deepEqual(
    Array.from(await (g.stateDict().state[0].sum as T.Tensor).data()),
    new Array(12).fill(0.5),
  );
});

Deno.test("loadStateDict() refuses mismatched state dicts and changes nothing", async () => {
  const m = model();
  const o = new T.Adam([m.table, m.weight], { lr: 0.05 });
  await train(m, o, false, FIXTURE.batches.slice(0, 1));
  const good = o.stateDict();
  const before = o.stateDict();
  const bad: [unknown, RegExp][] = [
    [null, /stateDict is null/],
    [{ ...good, paramGroups: [] }, /paramGroups must be an array of 1 groups/],
    [
      { ...good, paramGroups: [{ ...good.paramGroups[0], params: [0] }] },
      /has 1 parameters but the group has 2/,
    ],
    [
      { ...good, paramGroups: [{ ...good.paramGroups[0], lr: -1 }] },
      /lr is -1 but must be positive/,
    ],
    [{ ...good, paramGroups: [{ ...good.paramGroups[0], betas: [0.9, 1] }] }, /betas\[1\] is 1/],
    [
      { ...good, state: { 0: { ...good.state[0], expAvg: T.zeros([2, 2]) } } },
      /state\[0\]\.expAvg has shape \[2,2\] but must have shape \[12,4\]/,
    ],
    [{ ...good, state: { 5: good.state[0] } }, /has no parameter 5/],
    [
      { ...good, state: { 0: { ...good.state[0], step: -1 } } },
      /step is -1 but must be at least 0/,
    ],
  ];
  for (const [sd, re] of bad) {
    assert.throws(() => o.loadStateDict(sd as T.OptimizerStateDict<never>), (e: Error) => {
      assert.match(e.message, /^Adam\.loadStateDict\(\): /);
      assert.match(e.message, re);
      return true;
    });
    assert.deepEqual(o.stateDict(), before);
  }
});

Deno.test("a sparse step touches only the present rows of the table and of the state", async () => {
  const m = model();
  const o = new T.SparseAdam([m.table], { lr: 0.1 });
  const b = FIXTURE.batches[3];
  await lossOf(m, b, true).backward();
  await o.step();
  const present = new Set(b.indices);
  const table = await m.table.data(), m1 = await (o.state.get(m.table)!.expAvg as T.Tensor).data();
  for (let r = 0; r < 12; r++) {
    const row = Array.from(table.subarray(r * 4, r * 4 + 4));
    const init = Array.from(Float32Array.from(FIXTURE.init.table[r]));
    if (present.has(r)) assert.notDeepEqual(row, init);
    else {
      assert.deepEqual(row, init);
      assert.deepEqual(Array.from(m1.subarray(r * 4, r * 4 + 4)), [0, 0, 0, 0]);
    }
  }
});
