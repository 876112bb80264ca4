/**
 * Bad inputs to the optimizers: a TypeError or RangeError naming the class
 * and the value, and parameters and state left as they were.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { FIXTURE, lossOf, model } from "./_replay.ts";

type Ctor = new (params: unknown, options?: unknown) => T.Optimizer<{ lr: number }>;
const ALL: [string, Ctor, Record<string, unknown>][] = [
  ["SGD", T.SGD as unknown as Ctor, { lr: 0.1 }],
  ["Adam", T.Adam as unknown as Ctor, {}],
  ["AdamW", T.AdamW as unknown as Ctor, {}],
  ["Adagrad", T.Adagrad as unknown as Ctor, {}],
  ["SparseAdam", T.SparseAdam as unknown as Ctor, {}],
  ["RowWiseAdagrad", T.RowWiseAdagrad as unknown as Ctor, {}],
];

function param(data: number[][] = [[1, 2], [3, 4]]): T.Tensor<"float32"> {
  const t = T.tensor(data);
  t.requiresGrad = true;
  return t;
}

/** Values of the parameters and of the state, to compare before and after. */
async function snapshot(o: T.Optimizer<{ lr: number }>, ps: T.Tensor[]) {
  const state = [];
  for (const [p, s] of o.state) {
    for (const [k, v] of Object.entries(s)) {
      state.push([ps.indexOf(p), k, typeof v === "number" ? v : Array.from(await v.data())]);
    }
  }
  return { params: await Promise.all(ps.map(async (p) => Array.from(await p.data()))), state };
}

Deno.test("optimizers reject bad options with the class and value in the message", () => {
  for (const [name, Ctor, base] of ALL) {
    const p = param();
    const bad: [Record<string, unknown>, typeof TypeError | typeof RangeError, RegExp][] = [
      [{ lr: 0 }, RangeError, /lr is 0 but must be positive/],
      [{ lr: -1 }, RangeError, /lr is -1 but must be positive/],
      [{ lr: NaN }, TypeError, /lr is NaN/],
      [{ lr: "0.1" }, TypeError, /lr is "0.1"/],
      [{ eps: -1e-8 }, name === "SGD" ? TypeError : RangeError, /eps/],
      [{ learningRate: 0.1 }, TypeError, /learningRate/],
    ];
    if (name.includes("Adam")) {
      bad.push([{ betas: [1, 0.999] }, RangeError, /betas\[0\] is 1 but must be in \[0, 1\)/]);
      bad.push([{ betas: [0.9, -0.1] }, RangeError, /betas\[1\] is -0.1 but must be in \[0, 1\)/]);
    }
    for (const [o, E, re] of bad) {
      assert.throws(() => new Ctor([p], { ...base, ...o }), (e: Error) => {
        assert.ok(e instanceof E, `${name} ${JSON.stringify(o)}: ${e}`);
        assert.match(e.message, new RegExp(`^${name}\\(\\): `));
        assert.match(e.message, re);
        return true;
      });
    }
  }
  assert.throws(() => new T.SGD([param()], {} as T.SGDOptions), /SGD\(\): lr is required/);
  assert.throws(
    () => new T.SGD([param()], { lr: 0.1, nesterov: true }),
    /SGD\(\): nesterov needs momentum > 0 and dampening 0/,
  );
});

Deno.test("optimizers reject bad parameters: twice, int32, not requiring gradients, not a list", () => {
  for (const [name, Ctor, base] of ALL) {
    const p = param(), q = param();
    const frozen = T.tensor([1, 2]);
    const ints = T.tensor(new Int32Array([1, 2]));
    assert.throws(
      () => new Ctor([p, p], base),
      new RegExp(`${name}\\(\\): params\\[0\\]\\.params\\[1\\] is a parameter given twice`),
    );
    assert.throws(() => new Ctor([{ params: [p] }, { params: [q, p] }], base), /given twice/);
    assert.throws(() => new Ctor([frozen], base), /does not require gradients/);
    assert.throws(() => new Ctor([ints], base), /int32 tensor but must be float32/);
    assert.throws(() => new Ctor(p, base), TypeError);
    assert.throws(() => new Ctor([], base), /empty/);
    // A hole stops it, also in a list of length 2^32 - 1 (copying it ran out of memory).
    assert.throws(() => new Ctor([p, , q] as never, base), /params\[1\] is an empty slot/);
    assert.throws(() => new Ctor(new Array(2 ** 32 - 1), base), /params\[0\] is an empty slot/);
    const o = new Ctor([p], base);
    assert.throws(() => o.addParamGroup({ params: [p] }), /addParamGroup\(\): .*given twice/);
    assert.equal(o.paramGroups.length, 1);
    o.addParamGroup({ params: [q], lr: 0.5 });
    assert.equal(o.paramGroups[1].lr, 0.5);
  }
});

Deno.test("Adam and AdamW refuse a sparse gradient naming SparseAdam; nothing changes", async () => {
  for (const Ctor of [T.Adam, T.AdamW]) {
    const m = model();
    const o = new Ctor([m.weight, m.bias, m.table], { lr: 0.1 });
    await lossOf(m, FIXTURE.batches[0], true).backward();
    const before = await snapshot(o, [m.weight, m.bias, m.table]);
    assert.throws(
      () => o.step(),
      (e: Error) =>
        e instanceof TypeError &&
        /step\(\): Adam(W)? does not support sparse gradients.*use SparseAdam/.test(e.message),
    );
    assert.deepEqual(await snapshot(o, [m.weight, m.bias, m.table]), before);
    assert.equal(o.state.size, 0);
  }
});

Deno.test("SparseAdam refuses a dense gradient; SGD and Adagrad refuse weightDecay with sparse", async () => {
  const cases: [() => T.Optimizer<{ lr: number }>, boolean, RegExp][] = [];
  const m = model();
  cases.push([
    () => new T.SparseAdam([m.table, m.weight]),
    true,
    /SparseAdam does not support dense gradients.*use Adam/,
  ]);
  cases.push([
    () => new T.SGD([m.weight, m.table], { lr: 0.1, weightDecay: 0.1 }),
    true,
    /weightDecay 0.1 cannot be used with a sparse/,
  ]);
  cases.push([
    () => new T.Adagrad([m.weight, m.table], { weightDecay: 0.1 }),
    true,
    /weightDecay 0.1 cannot be used with a sparse/,
  ]);
  for (const [make, sparse, re] of cases) {
    const o = make();
    m.table.grad = m.weight.grad = m.bias.grad = undefined;
    await lossOf(m, FIXTURE.batches[1], sparse).backward();
    const before = await snapshot(o, [m.table, m.weight]);
    assert.throws(() => o.step(), (e: Error) => e instanceof TypeError && re.test(e.message));
    assert.deepEqual(await snapshot(o, [m.table, m.weight]), before);
  }
});

Deno.test("a bad lr set on a group between steps is refused before anything changes", async () => {
  const m = model();
  const o = new T.Adagrad([{ params: [m.weight] }, { params: [m.table] }], { lr: 0.1 });
  await lossOf(m, FIXTURE.batches[0], true).backward();
  const before = await snapshot(o, [m.weight, m.table]);
  o.paramGroups[1].lr = -0.5;
  assert.throws(
    () => o.step(),
    /Adagrad\.step\(\): paramGroups\[1\]\.lr is -0.5 but must be at least 0/,
  );
  (o.paramGroups[1] as { lr: unknown }).lr = "x";
  assert.throws(() => o.step(), /paramGroups\[1\]\.lr is "x" but must be a number/);
  assert.deepEqual(await snapshot(o, [m.weight, m.table]), before);
  o.paramGroups[1].lr = 0.1;
  await o.step();
  assert.notDeepEqual(await snapshot(o, [m.weight, m.table]), before);
});

Deno.test("zeroGrad() rejects unknown options and clears or zeroes gradients", async () => {
  const m = model();
  const o = new T.SGD([m.table, m.weight], { lr: 0.1 });
  await lossOf(m, FIXTURE.batches[0], true).backward();
  assert.throws(
    () => o.zeroGrad({ set_to_none: true } as never),
    /SGD\.zeroGrad\(\): .*set_to_none/,
  );
  o.zeroGrad({ setToNone: false });
  assert.ok(m.table.grad instanceof T.RowSparseGrad);
  assert.deepEqual(Array.from(await (m.weight.grad as T.Tensor).data()), new Array(12).fill(0));
  o.zeroGrad();
  assert.equal(m.table.grad, undefined);
  assert.equal(m.weight.grad, undefined);
});

Deno.test("RowWiseAdagrad refuses a parameter that is not a table", () => {
  const b = T.tensor([1, 2]);
  b.requiresGrad = true;
  const o = new T.RowWiseAdagrad([b]);
  b.grad = T.tensor([1, 1]);
  assert.throws(
    () => o.step(),
    /RowWiseAdagrad\.step\(\): RowWiseAdagrad updates tables \[V, D\] but a parameter has shape \[2\]/,
  );
});
