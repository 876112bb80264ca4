/** Tests of `embeddingForward` with maxNorm (docs/semantics.md: Lookups): validation first, the rescale for every norm type, ordering, laziness, NaN rows. */

import assert from "node:assert/strict";
import { embeddingForward, tensor } from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean } from "../_helpers.ts";
import { refGather, refRenorm } from "../_reference.ts";
import { randomTable } from "./_embedding_forward.ts";

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
