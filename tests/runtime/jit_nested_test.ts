/** Tests of `jit` with tensors nested in its arguments: dynamic inputs like top-level ones, aliasing in the key. */

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingBagGrad,
  embeddingForward,
  jit,
  RowSparseGrad,
  type Tensor,
  tensor,
} from "../../mod.ts";
import { rng } from "../_helpers.ts";
import { ints, uniforms } from "../_reference.ts";
import { assertReplayEqualsEager, counted } from "./_jit_helpers.ts";

type F32 = Tensor<"float32">;
type I32 = Tensor<"int32">;
const V = 7, D = 3;
const table = (seed: number) =>
  tensor(Float32Array.from(uniforms(rng(seed), V * D, -3, 3)), { shape: [V, D] });
const ids = (seed: number, n: number) => Int32Array.from(ints(rng(seed + 50), n, V));

Deno.test("jit() reads tensors nested in objects as inputs: a => embeddingForward(a.w, a.ids)", async () => {
  const c = counted((a: { w: F32; ids: I32 | Int32Array }) => embeddingForward(a.w, a.ids));
  const f = jit(c.fn);
  for (let seed = 0; seed < 5; seed++) {
    await assertReplayEqualsEager(
      f,
      c.fn,
      () => [{ w: table(seed), ids: ids(seed, 4) }],
      `typed ${seed}`,
    );
    await assertReplayEqualsEager(
      f,
      c.fn,
      () => [{ w: table(seed), ids: tensor(ids(seed + 9, 4)) }],
      `tensor ${seed}`,
    );
  }
  assert.equal(c.calls, 1 + 5 * 2, "one trace; each eager reference counts too");
});

Deno.test("jit() reads offsets and per-sample weights nested in options, and checks them on replay", async () => {
  const bag = (w: F32, i: Int32Array, o: { offsets: unknown; perSampleWeights?: unknown }) =>
    embeddingBagForward(w, i, { mode: "sum", ...o } as { mode: "sum" });
  const c = counted(bag);
  const f = jit(c.fn);
  const cases = [
    [[0, 3], [1, 2, 3, 4, 5, 6]],
    [[0, 1], [6, 5, 4, 3, 2, 1]],
    [[0, 6], [1, 1, 1, 1, 1, 1]],
    [[0, 0], [0, 2, 0, 2, 0, 2]],
    [[0, 7], [1, 2, 3, 4, 5, 6]], // offsets[1] past the end: RangeError on replay
    [[1, 3], [1, 2, 3, 4, 5, 6]], // offsets[0] must be 0
    [[0, 3], [1, 2, 3, 4, 5, 6]],
  ];
  for (const [k, [offsets, psw]] of cases.entries()) {
    const make = (form: number) => () => {
      const off = form === 0 ? tensor(Int32Array.from(offsets)) : Int32Array.from(offsets);
      return [table(k), ids(k, 6), { offsets: off, perSampleWeights: Float32Array.from(psw) }];
    };
    await assertReplayEqualsEager(f, bag, make(0), `case ${k} (tensor offsets)`);
    await assertReplayEqualsEager(f, bag, make(1), `case ${k} (Int32Array offsets)`);
  }
  const bad = await f(table(0), Int32Array.from([0, 1, 9, 2, 3, 4]), {
    offsets: tensor(Int32Array.from([0, 3])),
    perSampleWeights: new Float32Array(6),
  }).catch((e) => e);
  assert.ok(bad instanceof RangeError);
  assert.match(bad.message, /^embeddingBagForward\(\): indices\[2\] is 9 but numEmbeddings is 7$/);
});

Deno.test("jit() reads index tensors nested in arrays and checks their range on every replay", async () => {
  const fn = (w: F32, batch: { ids: (I32 | Int32Array)[] }[]) =>
    batch.map((b) => b.ids.map((i) => embeddingForward(w, i, { maxNorm: 2 })));
  const f = jit(fn);
  for (let seed = 0; seed < 6; seed++) {
    const wrong = seed === 3 ? V : seed === 4 ? -1 : 0;
    await assertReplayEqualsEager(
      f,
      fn,
      () => [table(seed), [{ ids: [ids(seed, 2), tensor(ids(seed + 1, 2))] }, {
        ids: [Int32Array.from([wrong, 1])],
      }]],
      `seed ${seed}`,
    );
  }
});

Deno.test("jit() keys aliasing: the same tensor twice is not two tensors with equal shapes", async () => {
  // With a and b the same table, b's lookup sees a's in-place max-norm.
  const fn = (a: F32, b: F32, i: Int32Array) => {
    const first = embeddingForward(a, i, { maxNorm: 1 });
    return [first, embeddingForward(b, [0, 1, 2])];
  };
  const c = counted(fn);
  const f = jit(c.fn);
  for (let seed = 0; seed < 3; seed++) {
    await assertReplayEqualsEager(f, c.fn, () => {
      const w = table(seed);
      return [w, w, Int32Array.from([0, 2])];
    }, `aliased ${seed}`);
    await assertReplayEqualsEager(
      f,
      c.fn,
      () => [table(seed), table(seed + 1), Int32Array.from([0, 2])],
      `distinct ${seed}`,
    );
  }
  // Two traces (aliased and distinct), plus the six eager references.
  assert.equal(c.calls, 2 + 6);
  // Typed arrays too: the same array twice is one input.
  const w = table(4);
  const pair = counted((
    x: Int32Array,
    y: Int32Array,
  ) => [embeddingForward(w, x), embeddingForward(w, y)]);
  const g = jit(pair.fn);
  const same = new Int32Array([1, 2]);
  await assertReplayEqualsEager(g, pair.fn, () => [same, same], "same array");
  await assertReplayEqualsEager(g, pair.fn, () => [same, new Int32Array([3, 4])], "two arrays");
  assert.equal(pair.calls, 2 + 2);
});

Deno.test("jit() tells an argument from a captured tensor with the same storage", async () => {
  const captured = table(1);
  const fn = (t: F32, i: Int32Array) => [embeddingForward(t, i), embeddingForward(captured, i)];
  const c = counted(fn);
  const f = jit(c.fn);
  // Traced with the captured table as the argument, replayed with another, and back.
  for (const [k, arg] of [captured, table(2), captured, table(3)].entries()) {
    const out = await f(arg, Int32Array.from([k % V, 4]));
    const want = fn(arg, Int32Array.from([k % V, 4]));
    out.forEach((o, j) =>
      assert.deepEqual(Array.from(o.dataSync()), Array.from(want[j].dataSync()))
    );
  }
});

Deno.test("jit() takes RowSparseGrads as arguments: their indices and values are inputs", async () => {
  const fn = (g: RowSparseGrad) => [g.toDense(), g.coalesce().values];
  const c = counted(fn);
  const f = jit(c.fn);
  for (let seed = 0; seed < 4; seed++) {
    await assertReplayEqualsEager(f, fn, () => {
      const r = rng(seed);
      return [
        new RowSparseGrad(ints(r, 3, V), [uniforms(r, D), uniforms(r, D), uniforms(r, D)], {
          numEmbeddings: V,
        }),
      ];
    }, `seed ${seed}`);
  }
  assert.equal(c.calls, 1, "traced once, replayed three times");
  const grads = jit((g: F32, w: F32, i: Int32Array) =>
    embeddingBagGrad(g, w, i, { offsets: [0, 1], mode: "sum", sparse: true })
  );
  const w = table(0);
  const out = await grads(tensor(uniforms(rng(1), 2 * D), { shape: [2, D] }), w, ids(1, 3));
  const dense = jit((g: RowSparseGrad) => g.toDense());
  await assertReplayEqualsEager(dense, (g: RowSparseGrad) => g.toDense(), () => [out.weight]);
});
