/** Tests of `jit`: results equal eager ones and the references, tracing once per signature, replayed checks and effects. */

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingBagGrad,
  embeddingForward,
  embeddingGrad,
  jit,
  RowSparseGrad,
  type Tensor,
  tensor,
} from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean, rng, snapshot } from "../_helpers.ts";
import {
  bagsFromOffsets,
  ints,
  refBagForward,
  refBagGrad,
  refGather,
  refLookupGrad,
  refRenorm,
  uniforms,
} from "../_reference.ts";

type F32 = Tensor<"float32">;
const SUMS = { rtol: 1e-5, atol: 1e-6 };

function randomTable(seed: number, V: number, D: number) {
  const values = Float32Array.from(uniforms(rng(seed), V * D));
  return { values, weight: tensor(values, { shape: [V, D] }) };
}

Deno.test("jit() rejects what is not a function", () => {
  assertThrowsClean(() => jit(3 as never), TypeError, /^jit\(\): fn is 3 but must be a function$/);
});

Deno.test("jit() gives the same results as eager calls and the references, on random cases", async () => {
  const V = 9, D = 4, n = 12, offsets = [0, 3, 3, 7];
  const step = jit(function step(w: F32, ids: Int32Array, psw: Float32Array, g: F32) {
    const pooled = embeddingBagForward(w, ids, { mode: "sum", offsets, perSampleWeights: psw });
    const grads = embeddingBagGrad(g, w, ids, { mode: "sum", offsets, perSampleWeights: psw });
    const maxed = embeddingBagForward(w, ids, { mode: "max", offsets, paddingIdx: 0 });
    return [pooled, maxed, grads] as const;
  });
  let calls = 0;
  for (let seed = 0; seed < 5; seed++) {
    const r = rng(seed);
    const { values, weight } = randomTable(seed, V, D);
    const idx = ints(r, n, V),
      psw = Float32Array.from(uniforms(r, n)),
      g = Float32Array.from(uniforms(r, 4 * D));
    const gt = tensor(g, { shape: [4, D] }), ids = Int32Array.from(idx);
    const [pooled, maxed, grads] = await step(weight, ids, psw, gt);
    calls++;
    const p = { w: values, V, D, idx, bags: bagsFromOffsets(offsets, n), psw };
    assertAllClose(pooled.dataSync(), refBagForward({ ...p, mode: "sum" }), SUMS);
    assertBitwise(maxed.dataSync(), refBagForward({ ...p, mode: "max", psw: null, pad: 0 }));
    const want = refBagGrad({ ...p, mode: "sum" }, g);
    assertAllClose(grads.weight.dataSync(), want.weight, SUMS);
    assertAllClose(grads.perSampleWeights!.dataSync(), want.psw, SUMS);
    // And bit for bit what the same calls give without jit.
    const eager = embeddingBagGrad(gt, weight, ids, {
      mode: "sum",
      offsets,
      perSampleWeights: psw,
    });
    assertBitwise(grads.weight.dataSync(), eager.weight.dataSync());
    assertBitwise(
      pooled.dataSync(),
      embeddingBagForward(weight, ids, { mode: "sum", offsets, perSampleWeights: psw }).dataSync(),
    );
  }
  assert.equal(calls, 5);
});

Deno.test("jit() traces once per signature: new values replay, new shapes, dtypes or static arguments retrace", async () => {
  let traces = 0;
  const f = jit((w: F32, ids: Tensor<"int32">, mode: "sum" | "mean") => {
    traces++;
    return embeddingBagForward(w, ids, { mode });
  });
  const { values, weight } = randomTable(1, 10, 3);
  const ids = (data: number[], shape: number[]) => tensor(Int32Array.from(data), { shape });
  const check = (out: F32, idx: number[], B: number, mode: "sum" | "mean") =>
    assertAllClose(
      out.dataSync(),
      refBagForward({
        w: values,
        V: 10,
        D: 3,
        idx,
        bags: bagsFromOffsets(
          Array.from({ length: B }, (_, b) => (b * idx.length) / B),
          idx.length,
        ),
        mode,
      }),
      SUMS,
    );
  check(await f(weight, ids([1, 2, 3, 4], [2, 2]), "sum"), [1, 2, 3, 4], 2, "sum");
  check(await f(weight, ids([5, 6, 7, 8], [2, 2]), "sum"), [5, 6, 7, 8], 2, "sum");
  check(await f(weight, ids([9, 9, 0, 0], [2, 2]), "sum"), [9, 9, 0, 0], 2, "sum");
  assert.equal(traces, 1, "same signature: replayed");
  check(await f(weight, ids([5, 6, 7], [1, 3]), "sum"), [5, 6, 7], 1, "sum");
  assert.equal(traces, 2, "new shape: retraced");
  check(await f(weight, ids([1, 2, 3, 4], [2, 2]), "mean"), [1, 2, 3, 4], 2, "mean");
  assert.equal(traces, 3, "new static argument: retraced");
  check(await f(weight, ids([4, 3, 2, 1], [2, 2]), "mean"), [4, 3, 2, 1], 2, "mean");
  check(
    await f(randomTable(1, 10, 3).weight, ids([0, 0, 0, 0], [2, 2]), "sum"),
    [0, 0, 0, 0],
    2,
    "sum",
  );
  assert.equal(traces, 3, "both signatures are cached");
  const g = jit((w: F32, n: number) => embeddingForward(w, [n]));
  assert.deepEqual(Array.from((await g(weight, 2)).dataSync()), Array.from(values.subarray(6, 9)));
  assert.deepEqual(
    Array.from((await g(weight, 3)).dataSync()),
    Array.from(values.subarray(9, 12)),
    "a number argument is static",
  );
});

Deno.test("jit() treats typed arrays as inputs and plain arrays as constants", async () => {
  let traces = 0;
  const f = jit((w: F32, ids: Int32Array | number[]) => {
    traces++;
    return embeddingForward(w, ids);
  });
  const { values, weight } = randomTable(2, 6, 2);
  for (const idx of [[1, 2], [3, 4], [5, 0]]) {
    assertBitwise((await f(weight, Int32Array.from(idx))).dataSync(), refGather(values, idx, 2));
  }
  assert.equal(traces, 1);
  for (const idx of [[1, 2], [3, 4], [1, 2]]) {
    assertBitwise((await f(weight, idx)).dataSync(), refGather(values, idx, 2));
  }
  assert.equal(traces, 3, "each distinct plain array is its own trace");
});

Deno.test("jit() replays max-norm on every call, on an argument or a captured table", async () => {
  const rows = [3, 4, 6, 8, 0.3, 0.4];
  const w = tensor(rows, { shape: [3, 2] });
  let traces = 0;
  const f = jit((t: F32, ids: Int32Array) => {
    traces++;
    return embeddingForward(t, ids, { maxNorm: 1 });
  });
  const a = await f(w, new Int32Array([0]));
  const b = await f(w, new Int32Array([1]));
  const once = refRenorm(rows, 2, [0], 1), twice = refRenorm(once, 2, [1], 1);
  assert.equal(traces, 1);
  assertBitwise(a.dataSync(), once.subarray(0, 2));
  assertBitwise(b.dataSync(), twice.subarray(2, 4));
  assertBitwise(w.dataSync(), twice, "both calls renormalised the table in place");
  const captured = tensor(rows, { shape: [3, 2] });
  const h = jit((ids: Int32Array) =>
    embeddingBagForward(captured, ids, { offsets: [0], mode: "sum", maxNorm: 1 })
  );
  await h(new Int32Array([2]));
  assertBitwise(captured.dataSync(), rows.map(Math.fround), "row 2 is short: nothing changes");
  const out = await h(new Int32Array([1, 2]));
  assertBitwise(captured.dataSync(), refRenorm(rows, 2, [1, 2], 1));
  assertAllClose(out.dataSync(), [0.9, 1.2], { rtol: 1e-6 });
});

Deno.test("jit() checks indices and offsets on every replay and leaves tables untouched when they fail", async () => {
  const rows = [3, 4, 6, 8, 30, 40];
  const w = tensor(rows, { shape: [3, 2] });
  const f = jit(function lookup(t: F32, ids: Int32Array) {
    return embeddingForward(t, ids, { maxNorm: 1 });
  });
  await f(w, new Int32Array([0, 0])); // trace; renormalises row 0
  const after = snapshot(w);
  for (
    const [bad, message] of [[
      [1, 3],
      /^embeddingForward\(\): indices\[1\] is 3 but numEmbeddings is 3$/,
    ], [[-1, 2], /indices\[0\] is -1 but indices must be non-negative/]] as const
  ) {
    await assert.rejects(
      f(w, Int32Array.from(bad)),
      (e: Error) => e instanceof RangeError && message.test(e.message),
    );
    assert.deepEqual(snapshot(w), after, "the max-norm table is unchanged");
  }
  const plain = tensor(rows, { shape: [3, 2] });
  const g = jit((t: F32, ids: Int32Array, off: Int32Array) =>
    embeddingBagForward(t, ids, { offsets: off, mode: "sum" })
  );
  await g(plain, new Int32Array([0, 1, 2]), new Int32Array([0, 1]));
  await assert.rejects(
    g(plain, new Int32Array([0, 1, 2]), new Int32Array([0, 4])),
    /^RangeError: embeddingBagForward\(\): offsets\[1\] is 4 but indices has only 3 entries$/,
  );
  await assert.rejects(
    g(plain, new Int32Array([0, 1, 2]), new Int32Array([1, 2])),
    /offsets\[0\] is 1 but must be 0/,
  );
  await assert.rejects(
    g(plain, new Int32Array([0, 7, 2]), new Int32Array([0, 1])),
    /indices\[1\] is 7/,
  );
  assertBitwise(plain.dataSync(), rows);
  assertAllClose((await g(plain, new Int32Array([2, 1, 2]), new Int32Array([0, 1]))).dataSync(), [
    30,
    40,
    36,
    48,
  ], { rtol: 1e-7 });
});

Deno.test("jit() rebuilds row-sparse gradients, with nnz recomputed on each call", async () => {
  const f = jit((g: F32, ids: Int32Array) =>
    embeddingGrad(g, ids, {
      numEmbeddings: 5,
      sparse: true,
      coalesce: true,
      scaleGradByFreq: true,
      paddingIdx: 0,
    })
  );
  const u = jit((g: F32, ids: Int32Array) =>
    embeddingGrad(g, ids, { numEmbeddings: 5, sparse: true })
  );
  const g = tensor([[1, 2], [3, 4], [5, 6]]);
  for (const idx of [[3, 1, 3], [2, 2, 2], [0, 4, 0], [0, 0, 0]]) {
    const want = refLookupGrad(g.dataSync(), idx, 5, 2, 0, true);
    const rows = [...new Set(idx)].filter((k) => k !== 0).sort();
    const c = await f(g, Int32Array.from(idx));
    assert.ok(c instanceof RowSparseGrad);
    assert.deepEqual([c.coalesced, c.numEmbeddings, c.shape], [true, 5, [5, 2]]);
    assert.deepEqual(Array.from(c.indices.dataSync()), rows);
    assertAllClose(c.values.dataSync(), rows.flatMap((k) => [want[2 * k], want[2 * k + 1]]), {
      rtol: 1e-7,
    });
    assertAllClose(c.toDense().dataSync(), want, { rtol: 1e-7 });
    const s = await u(g, Int32Array.from(idx));
    assert.deepEqual([s.coalesced, Array.from(s.indices.dataSync())], [false, idx]);
    assertBitwise(s.coalesce().toDense().dataSync(), refLookupGrad(g.dataSync(), idx, 5, 2));
  }
});

Deno.test("jit() rebuilds objects and arrays of results, and keeps each call's results apart", async () => {
  const w = tensor([[1, 1], [2, 2], [3, 3]]);
  const f = jit((g: F32, ids: Int32Array, psw: Float32Array) => {
    const grads = embeddingBagGrad(g, w, ids, {
      mode: "sum",
      offsets: [0, 2],
      perSampleWeights: psw,
    });
    return { grads, nested: [grads.perSampleWeights!, { none: undefined }] as const };
  });
  const g = tensor([[1, 2], [3, 4]]);
  const a = await f(g, new Int32Array([0, 1, 2, 2]), new Float32Array([1, 2, 3, 4]));
  const b = await f(g, new Int32Array([2, 2, 0, 1]), new Float32Array([1, 1, 1, 1]));
  const p = (idx: number[], psw: number[]) => ({
    w: w.dataSync(),
    V: 3,
    D: 2,
    idx,
    bags: bagsFromOffsets([0, 2], 4),
    mode: "sum" as const,
    psw,
  });
  const wa = refBagGrad(p([0, 1, 2, 2], [1, 2, 3, 4]), g.dataSync()),
    wb = refBagGrad(p([2, 2, 0, 1], [1, 1, 1, 1]), g.dataSync());
  assert.deepEqual(Object.keys(a), ["grads", "nested"]);
  assert.deepEqual(Object.keys(a.grads), ["weight", "perSampleWeights"]);
  assert.equal(a.nested[1].none, undefined);
  assertAllClose(a.grads.weight.dataSync(), wa.weight, SUMS);
  assertAllClose(a.grads.perSampleWeights!.dataSync(), wa.psw, SUMS);
  assertAllClose(a.nested[0].dataSync(), wa.psw, SUMS);
  assertAllClose(b.grads.weight.dataSync(), wb.weight, SUMS);
  assertAllClose(b.grads.perSampleWeights!.dataSync(), wb.psw, SUMS);
});

Deno.test("jit() rejects results and arguments it cannot handle, and errors raised while tracing", async () => {
  const w = tensor([[1, 2]]);
  await assert.rejects(
    jit(function bad() {
      return 3;
    })(),
    /^TypeError: jit\(bad\): result is 3 but results must be tensors, RowSparseGrads, or arrays and plain objects of them$/,
  );
  await assert.rejects(
    jit((_f: unknown) => w)(() => 1),
    /^TypeError: jit\(anonymous\): argument 0 is a function but jit arguments must be/,
  );
  await assert.rejects(
    jit((t: F32) => embeddingBagForward(t, [[0]], { mode: "mean", perSampleWeights: [[1]] }))(w),
    /^TypeError: embeddingBagForward\(\): perSampleWeights needs mode "sum" but mode is "mean"$/,
  );
});
