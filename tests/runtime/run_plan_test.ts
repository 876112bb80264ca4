/**
 * Runs that read spilled tensors (values moved to the JavaScript heap, see
 * `src/memory/storage.ts`): every backend copies them in for the run, and
 * back when the run writes them in place, so results are bit-identical to
 * those of the same tensors in the arena.
 */

import assert from "node:assert/strict";
import { embeddingBagForward, embeddingForward, tensor } from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { setSpillAfter } from "../../src/memory/_reclaim.ts";
import { arena } from "../../src/memory/arena.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";
import { assertBitwise, assertThrowsClean, rng } from "../_helpers.ts";

const [V, D] = [300, 16];
const random = rng(7);
const table = () =>
  tensor(Float32Array.from({ length: V * D }, () => random() * 4 - 2), { shape: [V, D] });
const ids = Int32Array.from({ length: 64 }, (_, i) => (i * 37) % V);
const bagIds = Int32Array.from({ length: 40 }, (_, i) => (i * 11) % 64);
const offsets = [0, 3, 10, 10, 25];

/** A lookup result read with `data()`: spilled to the heap when `spill`, else in the arena. */
async function result(W: ReturnType<typeof table>, spill: boolean) {
  const before = setSpillAfter(spill ? -1 : Infinity);
  try {
    const y = embeddingForward(W, ids);
    const view = await y.data();
    const storage = tensorInternals().nodeOf(y).storage!;
    assert.equal(storage.spilled, spill);
    assert.equal(view.buffer instanceof SharedArrayBuffer, !spill);
    return { y, view };
  } finally {
    setSpillAfter(before);
  }
}

for (const backend of BACKENDS) {
  Deno.test({
    name: `a spilled tensor read again gives bit-identical results (${backend.name})`,
    ...WORKER_TEST,
    fn: () =>
      useBackend(backend, async () => {
        const W = table();
        const [a, b] = [await result(W, true), await result(W, false)];
        assertBitwise(a.view, b.view);
        // As a table: read by a gather and a bag kernel.
        const opts = { offsets, mode: "sum" } as const;
        assertBitwise(
          await embeddingBagForward(a.y, bagIds, opts).data(),
          await embeddingBagForward(b.y, bagIds, opts).data(),
        );
        // Written in place (maxNorm): the heap view sees the new rows, as an arena view does.
        const old = a.view.slice();
        const [ra, rb] = [
          embeddingForward(a.y, bagIds, { maxNorm: 1 }),
          embeddingForward(b.y, bagIds, { maxNorm: 1 }),
        ];
        assertBitwise(await ra.data(), await rb.data());
        assertBitwise(a.view, b.view);
        assert.ok(a.view.some((v, i) => v !== old[i]), "maxNorm rescaled rows of the heap view");
        // A write through the heap view reaches the next run.
        a.view[5 * D + 2] = 42;
        b.view[5 * D + 2] = 42;
        assertBitwise(
          await embeddingForward(a.y, [5, 6]).data(),
          await embeddingForward(b.y, [5, 6]).data(),
        );
        assert.equal(tensorInternals().nodeOf(a.y).storage!.spilled, true, "it stays on the heap");
      }),
  });
}

Deno.test("a run that reads a spilled tensor frees its arena copy, and errors stay the same", async () => {
  const W = table();
  const { y } = await result(W, true);
  const live = arena().liveBytes;
  const out = embeddingForward(y, [1, 2]);
  out.dataSync();
  assert.ok(arena().liveBytes - live <= 1024 + 64, "only the tiny result stays in the arena");
  assertThrowsClean(
    () => embeddingForward(y, [V]).dataSync(),
    RangeError,
    /^embeddingForward\(\): indices\[0\] is 300 but numEmbeddings is 64$/,
    [y],
  );
  assert.equal(arena().liveBytes - live <= 1024 + 64, true);
  y.dispose();
  assertThrowsClean(
    () => embeddingForward(y, [1]),
    TypeError,
    /^embeddingForward\(\): weight is a disposed tensor of shape \[64,16\]$/,
  );
  assert.throws(
    () => y.dataSync(),
    /Tensor\.dataSync\(\): the tensor of shape \[64,16\] has been disposed/,
  );
});

/** The storage of a tensor. */
const storageOf = (t: { dataSync(): unknown }) =>
  tensorInternals().nodeOf(t as Parameters<ReturnType<typeof tensorInternals>["nodeOf"]>[0])
    .storage!;

Deno.test("a tensor made on the heap moves into the arena when a second run reads it, and stays there", () => {
  const values = Float32Array.from({ length: V * D }, () => random() * 4 - 2);
  const before = setSpillAfter(-1);
  const W = tensor(values, { shape: [V, D] }); // made while the budget is spent: on the heap
  setSpillAfter(Infinity);
  try {
    const s = storageOf(W), live = arena().liveBytes;
    assert.equal(s.spilled, true);
    const rows = (out: Float32Array) => {
      ids.forEach((k, j) =>
        assertBitwise(out.subarray(j * D, (j + 1) * D), values.subarray(k * D, (k + 1) * D))
      );
    };
    rows(embeddingForward(W, ids).dataSync());
    assert.equal(s.spilled, true, "the first run copies it in");
    assert.equal(arena().liveBytes - live, 64 * D * 4, "and frees the copy: only the result stays");
    rows(embeddingForward(W, ids).dataSync());
    assert.equal(s.spilled, false, "the second run moves it into the arena");
    for (let i = 0; i < 20; i++) rows(embeddingForward(W, ids).dataSync());
    assert.equal(s.spilled, false);
    // A view handed out now is an arena view, and sees the table's in-place writes.
    const view = W.dataSync();
    assert.ok(view.buffer instanceof SharedArrayBuffer);
    embeddingForward(W, [7], { maxNorm: 0.5 }).dataSync();
    let norm = 0;
    for (let d = 0; d < D; d++) norm += view[7 * D + d] ** 2;
    assert.ok(Math.sqrt(norm) <= 0.5 + 1e-6, `row 7 has norm ${Math.sqrt(norm)}`);
  } finally {
    setSpillAfter(before);
  }
});

Deno.test("a result on the heap stays there while a view of it may be alive, and moves once the view is collected", async () => {
  const y = (await result(table(), true)).y, s = storageOf(y);
  const want = embeddingForward(y, [5, 6]).dataSync().slice();
  (() => {
    const view = y.dataSync();
    for (let i = 0; i < 5; i++) embeddingForward(y, [5, 6]).dataSync();
    assert.equal(s.spilled, true, "runs copy it in: moving it would stop the view aliasing it");
    view[5 * D] = 42; // and the view still writes the tensor
    want[0] = 42;
    assertBitwise(embeddingForward(y, [5, 6]).dataSync(), want);
  })();
  // Views handed out are counted until a finalizer sees them collected (a later turn).
  let turns = 0;
  const before = setSpillAfter(Infinity);
  try {
    for (; s.spilled && turns < 1000; turns++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      Array.from({ length: 2000 }, (_, i) => ({ i, f: new Float32Array(16) })); // garbage: a scavenge
      assertBitwise(embeddingForward(y, [5, 6]).dataSync(), want);
    }
  } finally {
    setSpillAfter(before);
  }
  assert.equal(s.spilled, false, `still on the heap after ${turns} turns`);
});
