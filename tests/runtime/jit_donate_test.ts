/**
 * `jit(fn, {donate})`: results written into the storage of donated
 * arguments of their shape. A whole train step (forward, backward, Adam
 * update) with parameters and state donated gives the same bits as without
 * donation, updates them in place (same storage on every call, nothing new
 * allocated for them), keeps lazy results of the old values correct, and the
 * option's bad values are refused.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";

const storageOf = (t: T.Tensor) => tensorInternals().nodeOf(t).storage;
type P = { table: T.Tensor<"float32">; weight: T.Tensor<"float32"> };
const IDS = [[0, 3, 1], [2, 2, 5], [4, 1, 0]];
const LABELS = [1, 0, 1];

function params(): P {
  return { table: T.randn([6, 4], { seed: 3 }), weight: T.randn([2, 4], { seed: 4 }) };
}

function trainStep(donate?: number[]) {
  const tx = T.adam({ lr: 0.1 });
  const lossOf = (p: P, ids: T.Tensor<"int32">, y: T.Tensor<"int32">) =>
    T.crossEntropy(T.linear(T.embeddingBagForward(p.table, ids, { mode: "mean" }), p.weight), y);
  const step = T.jit((p: P, state: unknown, ids: T.Tensor<"int32">, y: T.Tensor<"int32">) => {
    const [loss, grads] = T.valueAndGrad(lossOf)(p, ids, y);
    const { updates, state: next } = tx.update(grads as P, state as never, p);
    return { loss, params: T.applyUpdates(p, updates), state: next };
  }, donate ? { donate } : {});
  return { tx, step };
}

Deno.test("jit({donate}) train step: same bits as without donation, parameters and state in place", async () => {
  const plain = trainStep(), donated = trainStep([0, 1]);
  let a = params(), b = params();
  let sa = plain.tx.init(a), sb = donated.tx.init(b);
  const ids = T.tensor(Int32Array.from(IDS.flat()), { shape: [3, 3] });
  const y = T.tensor(Int32Array.from(LABELS));
  const stateLeaves = (s: unknown) =>
    Object.values(s as Record<string, unknown>).flatMap((v) =>
      v instanceof T.Tensor ? [v] : Object.values(v as Record<string, T.Tensor>)
    );
  const storages = [b.table, b.weight, ...stateLeaves(sb)].map(storageOf);
  for (let i = 0; i < 4; i++) {
    const ra = await plain.step(a, sa, ids, y), rb = await donated.step(b, sb, ids, y);
    assert.deepEqual(await rb.loss.toArray(), await ra.loss.toArray(), `loss ${i}`);
    assert.deepEqual(
      await rb.params.table.toArray(),
      await ra.params.table.toArray(),
      `table ${i}`,
    );
    a = ra.params, sa = ra.state, b = rb.params, sb = rb.state;
    const now = [b.table, b.weight, ...stateLeaves(sb)].map(storageOf);
    assert.deepEqual(now, storages, `step ${i} allocated new parameter or state storage`);
  }
});

Deno.test("jit({donate}): the donated tensor holds the result; lazy results of its old value stay correct", async () => {
  const scale = T.jit((w: T.Tensor<"float32">) => T.mul(w, 2), { donate: [0] });
  const w = T.tensor([1, 2, 3]);
  const before = T.add(w, 0); // lazy, built before the call
  const out = await scale(w);
  assert.deepEqual(await out.toArray(), [2, 4, 6]);
  assert.deepEqual(await w.toArray(), [2, 4, 6]);
  assert.deepEqual(await before.toArray(), [1, 2, 3]);
  const again = await scale(w); // a replay writes in place too
  assert.deepEqual(await again.toArray(), [4, 8, 12]);
  assert.equal(storageOf(again), storageOf(w));
  // The donated tensor holds its new value: gradients through it are no stale reads.
  const g = await T.grad((x: T.Tensor<"float32">) => T.sum(T.mul(x, x)))(w).toArray();
  assert.deepEqual(g, [8, 16, 24]);
});

Deno.test("jit({donate}): results of another shape, int32 or returned unchanged are not written in place", async () => {
  const f = T.jit(
    (w: T.Tensor<"float32">, ids: T.Tensor<"int32">) => ({ s: T.sum(w), w, ids: ids }),
    { donate: [0, 1] },
  );
  const w = T.tensor([1, 2]), ids = T.tensor(Int32Array.from([3]));
  const out = await f(w, ids);
  assert.deepEqual([await out.s.toArray(), await w.toArray()], [3, [1, 2]]);
  assert.notEqual(storageOf(out.s), storageOf(w));
});

Deno.test("jit() refuses bad donate options, and a donated position the call does not have", async () => {
  const id = (x: T.Tensor) => T.mul(x, 1);
  for (
    const [donate, Err, re] of [
      ["0", TypeError, /^jit\(\): donate is "0" but must be an array of argument positions$/],
      [[0, "1"], TypeError, /^jit\(\): donate\[1\] is "1" but must be an argument position$/],
      [[-1], RangeError, /^jit\(\): donate\[0\] is -1 but must be an integer of at least 0$/],
      [[0.5], RangeError, /^jit\(\): donate\[0\] is 0.5 but must be an integer of at least 0$/],
      [[1, 1], RangeError, /^jit\(\): donate\[1\] is 1, which is already listed$/],
      // A hole, also in an array of length 2^32 - 1 (copying that one ran out of memory).
      [[0, , 1], TypeError, /^jit\(\): donate\[1\] is undefined but must be an argument position$/],
      [new Array(2 ** 32 - 1), TypeError, /^jit\(\): donate\[0\] is undefined/],
    ] as const
  ) {
    assert.throws(() => T.jit(id, { donate: donate as never }), (e: Error) => {
      assert.ok(e instanceof Err);
      assert.match(e.message, re);
      return true;
    });
  }
  const w = T.tensor([1, 2]);
  await assert.rejects(
    T.jit(id, { donate: [1] })(w),
    /^RangeError: jit\(id\): donate names argument 1 but the call has 1$/,
  );
  assert.deepEqual(await w.toArray(), [1, 2]);
});
