/** Tests of `embeddingForward`: errors (docs/semantics.md: Lookups, Errors), exact copies, padding and max-norm. */

import assert from "node:assert/strict";
import { embeddingForward, type Tensor, tensor } from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean, rng, snapshot, W } from "../_helpers.ts";
import { ints, refGather, refRenorm, uniforms } from "../_reference.ts";

const F = /^embeddingForward\(\): /;

/** A `[V, D]` random table and its values. */
function randomTable(
  seed: number,
  V: number,
  D: number,
  scale = 1,
): [Tensor<"float32">, Float32Array] {
  const values = Float32Array.from(uniforms(rng(seed), V * D, -scale, scale));
  return [tensor(values, { shape: [V, D] }), values];
}

Deno.test("embeddingForward() rejects a table that is not a 2-D float32 tensor", () => {
  const ids = [0];
  assertThrowsClean(
    () => embeddingForward([[1, 2]] as never, ids),
    TypeError,
    /weight is an array of length 1 but must be a Tensor/,
  );
  const flat = tensor([1, 2]);
  assertThrowsClean(
    () => embeddingForward(flat, ids),
    TypeError,
    /weight is a float32 tensor of shape \[2\] but must be a 2-D float32 tensor/,
    [flat],
  );
  const ints32 = tensor([[1, 2]], { dtype: "int32" });
  assertThrowsClean(
    () => embeddingForward(ints32 as never, ids),
    TypeError,
    /weight is an? int32 tensor of shape \[1,2\]/,
    [ints32],
  );
});

Deno.test("embeddingForward() rejects indices that are not integers, naming the position", () => {
  const w = W(10, 3);
  const cases: [unknown, RegExp][] = [
    [[1, 1.5], /indices\[1\] is 1\.5 but int32 data must be integers/],
    [[[0, 1], [2, NaN]], /indices\[3\] is NaN but int32 data must be integers/],
    [[Infinity], /indices\[0\] is Infinity/],
    [["3"], /indices\[0\] is "3" but must be a number/],
    ["3", /indices is "3" but must be an int32 tensor, Int32Array or \(nested\) array of integers/],
    [new Float32Array([1]), /indices is a Float32Array but must be an int32 tensor/],
    [tensor([1, 1.5]), /indices\[1\] is 1\.5 but indices must be integers \(a float32 tensor/],
    [[[1, 2], [3]], /indices\[1\] has length 1 but indices\[0\] has length 2/],
  ];
  for (const [ids, pattern] of cases) {
    assertThrowsClean(
      () => embeddingForward(w, ids as never),
      TypeError,
      new RegExp(F.source + pattern.source),
      [w],
    );
  }
});

Deno.test("embeddingForward() rejects out-of-range indices with the position and value", () => {
  const w = W(10, 3);
  const ids = [[0, 1, 2, 3], [4, 5, 6, 10]];
  assertThrowsClean(
    () => embeddingForward(w, ids),
    RangeError,
    /^embeddingForward\(\): indices\[1,3\] is 10 but numEmbeddings is 10$/,
    [w],
  );
  assertThrowsClean(
    () => embeddingForward(w, new Int32Array([0, 1, -1])),
    RangeError,
    /^embeddingForward\(\): indices\[2\] is -1 but indices must be non-negative \(numEmbeddings is 10\)$/,
    [w],
  );
  assertThrowsClean(
    () => embeddingForward(w, 12),
    RangeError,
    /^embeddingForward\(\): indices is 12 but numEmbeddings is 10$/,
    [w],
  );
  assertThrowsClean(
    () => embeddingForward(w, [2 ** 31]),
    RangeError,
    /indices\[0\] is 2147483648/,
    [w],
  );
  // A negative index is never wrapped, even with a negative paddingIdx.
  assertThrowsClean(
    () => embeddingForward(w, [-1], { paddingIdx: -1 }),
    RangeError,
    /indices\[0\] is -1/,
    [w],
  );
});

Deno.test("embeddingForward() rejects options out of range or of the wrong kind", () => {
  const w = W(10, 3);
  const cases: [object, typeof TypeError | typeof RangeError, RegExp][] = [
    [
      { paddingIdx: 10 },
      RangeError,
      /paddingIdx is 10 but must lie in \[-10, 10\) for numEmbeddings 10$/,
    ],
    [{ paddingIdx: -11 }, RangeError, /paddingIdx is -11 but must lie in \[-10, 10\)/],
    [{ paddingIdx: 1.5 }, TypeError, /paddingIdx is 1\.5 but must be an integer or null$/],
    [{ maxNorm: 0 }, RangeError, /maxNorm is 0 but must be greater than 0$/],
    [{ maxNorm: -1 }, RangeError, /maxNorm is -1 but must be greater than 0$/],
    [{ maxNorm: NaN }, TypeError, /maxNorm is NaN/],
    [{ maxNorm: 1, normType: 0 }, RangeError, /normType is 0 but must be greater than 0$/],
    [{ maxNorm: 1, normType: -2 }, RangeError, /normType is -2 but must be greater than 0$/],
    [{ padding_idx: 0 }, TypeError, /unknown option padding_idx \(did you mean paddingIdx\?\)$/],
    [{ max_norm: 1 }, TypeError, /unknown option max_norm \(did you mean maxNorm\?\)$/],
    [{ foo: 1 }, TypeError, /unknown option foo \(known options: paddingIdx, maxNorm, normType/],
    [{ sparse: "yes" }, TypeError, /sparse is "yes" but must be a boolean$/],
  ];
  for (const [options, ErrorClass, pattern] of cases) {
    assertThrowsClean(
      () => embeddingForward(w, [1], options as never),
      ErrorClass,
      new RegExp(F.source + pattern.source),
      [w],
    );
  }
  assertThrowsClean(
    () => embeddingForward(w, [1], null as never),
    TypeError,
    /options is null but must be an object$/,
    [w],
  );
});

Deno.test("embeddingForward() with maxNorm validates everything before touching the table", () => {
  const w = tensor([[3, 4], [6, 8], [30, 40]]);
  // PyTorch renormalises rows 0 and 1 before it notices the bad index; we must not.
  assertThrowsClean(
    () => embeddingForward(w, [0, 1, 3], { maxNorm: 1 }),
    RangeError,
    /indices\[2\] is 3/,
    [w],
  );
  assertThrowsClean(
    () => embeddingForward(w, [0, -1], { maxNorm: 1 }),
    RangeError,
    /indices\[1\] is -1/,
    [w],
  );
  assertThrowsClean(
    () => embeddingForward(w, [0, 1], { maxNorm: 1, paddingIdx: 3 }),
    RangeError,
    /paddingIdx is 3/,
    [w],
  );
  assertThrowsClean(
    () => embeddingForward(w, [0, 1.5], { maxNorm: 1 }),
    TypeError,
    /indices\[1\] is 1\.5/,
    [w],
  );
  assertThrowsClean(
    () => embeddingForward(w, [0], { maxNorm: 1, normType: 0 }),
    RangeError,
    /normType is 0/,
    [w],
  );
  assertBitwise(w.dataSync(), [3, 4, 6, 8, 30, 40]);
});

Deno.test("embeddingForward() copies rows exactly for indices of any rank", () => {
  const [w, values] = randomTable(1, 7, 5);
  const r = rng(2);
  for (const shape of [[], [4], [2, 3], [2, 1, 3], [1, 2, 2, 2]]) {
    const n = shape.reduce((a, b) => a * b, 1);
    const flat = ints(r, n, 7);
    const out = embeddingForward(w, tensor(Int32Array.from(flat), { shape }));
    assert.deepEqual(out.shape, [...shape, 5]);
    assertBitwise(out.dataSync(), refGather(values, flat, 5), `shape [${shape}]`);
  }
});

Deno.test("embeddingForward() accepts a tensor, an Int32Array, nested arrays and a number", () => {
  const [w, values] = randomTable(3, 6, 2);
  const want = refGather(values, [5, 0, 5, 2], 2);
  assertBitwise(embeddingForward(w, [[5, 0], [5, 2]]).dataSync(), want);
  assertBitwise(embeddingForward(w, new Int32Array([5, 0, 5, 2])).dataSync(), want);
  assertBitwise(
    embeddingForward(w, tensor(new Int32Array([5, 0, 5, 2]), { shape: [2, 2] })).dataSync(),
    want,
  );
  const scalar = embeddingForward(w, 4);
  assert.deepEqual(scalar.shape, [2]);
  assertBitwise(scalar.dataSync(), refGather(values, [4], 2));
});

Deno.test("embeddingForward() of empty indices is an empty [..., D] tensor", async () => {
  const w = W(4, 3);
  const a = embeddingForward(w, []);
  assert.deepEqual(a.shape, [0, 3]);
  assert.equal((await a.data()).length, 0);
  const b = embeddingForward(w, tensor(new Int32Array(0), { shape: [2, 0] }), { maxNorm: 0.5 });
  assert.deepEqual(b.shape, [2, 0, 3]);
  assert.deepEqual(await b.toArray(), [[], []]);
  assertBitwise(w.dataSync(), snapshot(W(4, 3)), "max-norm with no indices touches nothing");
});

Deno.test("embeddingForward() on a large table with few indices reads only those rows", () => {
  const V = 200_000, D = 4;
  const values = new Float32Array(V * D);
  for (const k of [0, 77_777, V - 1]) {
    for (let d = 0; d < D; d++) values[k * D + d] = k + d / 4 + 10;
  }
  const w = tensor(values, { shape: [V, D] });
  const ids = [V - 1, 0, 77_777, V - 1];
  assertBitwise(embeddingForward(w, ids).dataSync(), refGather(values, ids, D));
  const out = embeddingForward(w, ids, { maxNorm: 1, normType: Infinity });
  const want = refRenorm(values, D, ids, 1, Infinity);
  assertAllClose(out.dataSync(), refGather(want, ids, D), { rtol: 1e-6 });
  assertAllClose(w.dataSync(), want, { rtol: 1e-6 });
});

Deno.test("embeddingForward() returns the stored paddingIdx row unchanged", () => {
  const [w, values] = randomTable(4, 5, 3);
  const want = refGather(values, [2, 4, 2], 3);
  assertBitwise(embeddingForward(w, [2, 4, 2], { paddingIdx: 2 }).dataSync(), want);
  assertBitwise(embeddingForward(w, [2, 4, 2], { paddingIdx: -3 }).dataSync(), want);
  assertBitwise(embeddingForward(w, [2, 4, 2], { paddingIdx: null }).dataSync(), want);
});

for (const p of [2, 1, 0.5, 3, Infinity]) {
  Deno.test(`embeddingForward() with maxNorm and normType ${p} rescales referenced rows only`, () => {
    const V = 12, D = 6;
    const [w, values] = randomTable(10 + p, V, D, 2);
    const ids = [[3, 1, 3, 7], [7, 0, 11, 3]];
    const flat = ids.flat();
    const maxNorm = ({ 2: 2, 1: 2, 0.5: 4, 3: 1.5 } as Record<number, number>)[p] ?? 1.2;
    const out = embeddingForward(w, ids, { maxNorm, normType: p, paddingIdx: 0 });
    const want = refRenorm(values, D, flat, maxNorm, p);
    assertAllClose(out.dataSync(), refGather(want, flat, D), { rtol: 1e-6, msg: "output" });
    const after = w.dataSync();
    assertAllClose(after, want, { rtol: 1e-6, msg: "table" });
    for (let k = 0; k < V; k++) {
      if (flat.includes(k)) continue;
      assertBitwise(
        after.subarray(k * D, (k + 1) * D),
        values.subarray(k * D, (k + 1) * D),
        `unreferenced row ${k}`,
      );
    }
    // Every referenced row (the padding row 0 included) was too long: the test means something.
    const changed = [...new Set(flat)].filter((k) => want[k * D] !== values[k * D]);
    assert.equal(changed.length, 5, `only rows ${changed} exceed maxNorm`);
  });
}

Deno.test("embeddingForward() with maxNorm leaves rows whose norm equals maxNorm untouched", () => {
  const rows = [3, 4, 0.6, 0.8, 6, 8];
  const w = tensor(rows, { shape: [3, 2] });
  const out = embeddingForward(w, [0, 1, 2], { maxNorm: 5 });
  assertBitwise(out.dataSync(), refRenorm(rows, 2, [0, 1, 2], 5));
  assertBitwise(
    w.dataSync().subarray(0, 4),
    Float32Array.from([3, 4, 0.6, 0.8]),
    "norms 5 and 1 are kept",
  );
  assertAllClose(w.dataSync().subarray(4), [3, 4], { rtol: 1e-6, msg: "norm 10 becomes 5" });
});

Deno.test("embeddingForward() orders max-norm after earlier lookups and before later reads", () => {
  const rows = [3, 4, 6, 8, 0.3, 0.4];
  const w = tensor(rows, { shape: [3, 2] });
  const before = embeddingForward(w, [0, 1]); // built before, read after the renormalising call
  const first = embeddingForward(w, [1], { maxNorm: 1 });
  const second = embeddingForward(w, [0, 1], { maxNorm: 0.5 });
  const once = refRenorm(rows, 2, [1], 1);
  const twice = refRenorm(once, 2, [0, 1], 0.5);
  assertBitwise(
    second.dataSync(),
    refGather(twice, [0, 1], 2),
    "second call sees the first's rows",
  );
  assertBitwise(
    first.dataSync(),
    refGather(once, [1], 2),
    "first call's result is not affected by the second",
  );
  assertBitwise(before.dataSync(), [3, 4, 6, 8], "an earlier lookup sees the old rows");
  assertBitwise(w.dataSync(), twice, "the table has both updates");
  assertBitwise(
    embeddingForward(w, [2, 0]).dataSync(),
    refGather(twice, [2, 0], 2),
    "a later lookup sees the new rows",
  );
});

Deno.test("embeddingForward() is lazy and applies max-norm when the table is read", () => {
  const w = tensor([[3, 4], [1, 0]]);
  const out = embeddingForward(w, [0], { maxNorm: 1 });
  assert.equal(out.realized, false);
  assertBitwise(w.dataSync(), refRenorm([3, 4, 1, 0], 2, [0], 1));
  assertBitwise(out.dataSync(), refRenorm([3, 4], 2, [0], 1));
});

Deno.test("embeddingForward() rejects a disposed table or indices instead of reading freed memory", () => {
  const w = W(300, 4), ids = tensor(new Int32Array([0]));
  w.dispose();
  const live = W(300, 4); // may reuse the freed block
  assertThrowsClean(
    () => embeddingForward(w, [0]),
    TypeError,
    /^embeddingForward\(\): weight is a disposed tensor of shape \[300,4\]$/,
  );
  ids.dispose();
  assertThrowsClean(
    () => embeddingForward(live, ids),
    TypeError,
    /^embeddingForward\(\): indices is a disposed tensor of shape \[1\]$/,
    [live],
  );
});

Deno.test("embeddingForward() leaves a row with a NaN alone under maxNorm, for every norm type (as PyTorch)", async () => {
  // PyTorch 1.13: torch.norm of [nan, 10] is nan for p = 1, 2, 3 and inf, and nan > maxNorm is false.
  for (const normType of [1, 2, 3, Infinity]) {
    const w = tensor([[NaN, 10], [3, 4]]);
    await embeddingForward(w, [0, 1], { maxNorm: 1, normType }).data();
    const rows = await w.toArray() as number[][];
    assert.ok(Number.isNaN(rows[0][0]) && rows[0][1] === 10, `p=${normType}: ${rows[0]}`);
    assert.ok(
      Math.abs(rows[1][1] / rows[1][0] - 4 / 3) < 1e-6,
      `p=${normType}: row 1 keeps its direction`,
    );
  }
});
