/** Tests of `realize()`: several lazy results computed together. */

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingForward,
  embeddingGrad,
  realize,
  tensor,
} from "../../mod.ts";
import { assertAllClose, assertBitwise } from "../_helpers.ts";
import { bagsOf2d, refBagForward, refGather, refLookupGrad, refRenorm } from "../_reference.ts";

Deno.test("realize() computes several results given as arguments, arrays and objects", async () => {
  const rows = [0, 1, 2, 3, 4, 5];
  const w = tensor(rows, { shape: [3, 2] });
  const a = embeddingForward(w, [2, 0]);
  const b = embeddingBagForward(w, [[0, 2], [1, 1]], { mode: "sum" });
  const c = embeddingGrad([[1, 1], [2, 2]], [1, 1], { numEmbeddings: 3 });
  const d = embeddingGrad([[1, 1], [2, 2]], [2, 1], { numEmbeddings: 3, sparse: true });
  assert.ok(![a, b, c, d.indices, d.values].some((t) => t.realized));
  await realize(a, [b, undefined], { c, nested: { d } });
  assert.ok([a, b, c, d.indices, d.values].every((t) => t.realized));
  assertBitwise(a.dataSync(), refGather(rows, [2, 0], 2));
  assertAllClose(
    b.dataSync(),
    refBagForward({ w: rows, V: 3, D: 2, idx: [0, 2, 1, 1], bags: bagsOf2d(2, 2), mode: "sum" }),
    { rtol: 1e-7 },
  );
  assertBitwise(c.dataSync(), refLookupGrad([1, 1, 2, 2], [1, 1], 3, 2));
  assert.deepEqual(Array.from(d.indices.dataSync()), [2, 1]);
  await realize(a, b); // already computed: nothing to do
  await realize();
});

Deno.test("realize() of a max-norm lookup updates the table, after earlier readers", async () => {
  const rows = [3, 4, 0.3, 0.4];
  const w = tensor(rows, { shape: [2, 2] });
  const early = embeddingForward(w, [0]);
  const late = embeddingForward(w, [0, 1], { maxNorm: 1 });
  await realize(late, early);
  const renormed = refRenorm(rows, 2, [0, 1], 1);
  assertBitwise(early.dataSync(), [3, 4]);
  assertBitwise(late.dataSync(), renormed);
  assertBitwise(w.dataSync(), renormed);
});

Deno.test("realize() rejects values that are not tensors, naming their place", async () => {
  await assert.rejects(
    realize(3 as never),
    /^TypeError: realize\(\): result\[0\] is 3 but results must be tensors/,
  );
  await assert.rejects(
    realize({ a: [tensor([1]), "x"] } as never),
    /^TypeError: realize\(\): result\[0\]\.a\[1\] is "x"/,
  );
});
