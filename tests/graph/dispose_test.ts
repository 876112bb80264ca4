/**
 * Use after dispose: disposing an input of a pending result keeps its data
 * alive until the result is computed, on every backend; a pending in-place
 * max-norm of a disposed table is dropped and its memory returned.
 */

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingBagGrad,
  embeddingForward,
  embeddingGrad,
  full,
  jit,
  type Tensor,
  tensor,
} from "../../mod.ts";
import { arena } from "../../src/memory/arena.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";
import { bagsOf2d, refBagForward, refGather, refLookupGrad, refRenorm } from "../_reference.ts";
import { assertAllClose, rng } from "../_helpers.ts";

const V = 300, D = 16;

/** A fresh table with its values (large enough to own an arena block). */
function table(seed: number): { w: Tensor<"float32">; values: Float32Array } {
  const r = rng(seed);
  const values = Float32Array.from({ length: V * D }, () => r() * 2 - 1);
  return { w: tensor(values, { shape: [V, D] }), values };
}

/** Allocates tensors of 7s over whatever was freed. */
function scribble(): Tensor[] {
  return [full([V, D], 7), full([V * D], 7), full([64, 64], 7)];
}

for (const backend of BACKENDS) {
  Deno.test(
    `dispose() of a pending result's input keeps its data until computed (${backend.name})`,
    WORKER_TEST,
    async () => {
      await useBackend(backend, async () => {
        const ids = [3, 299, 0, 3];
        // The reproduction: the lookup must not read the 7s.
        {
          const { w, values } = table(1);
          const out = embeddingForward(w, ids);
          w.dispose();
          scribble();
          assert.deepEqual(Array.from(await out.data()), refGather(values, ids, D));
        }
        // Bags.
        {
          const { w, values } = table(2);
          const out = embeddingBagForward(w, [ids, [1, 2, 3, 4]], { mode: "sum" });
          w.dispose();
          scribble();
          const idx = [...ids, 1, 2, 3, 4];
          const want = refBagForward({ w: values, V, D, idx, bags: bagsOf2d(2, 4), mode: "sum" });
          assertAllClose(await out.data(), want);
        }
        // Gradients: the upstream gradient is the disposed input.
        {
          const g = tensor(Float32Array.from({ length: 4 * D }, (_, i) => i % 5), {
            shape: [4, D],
          });
          const gv = Array.from(g.dataSync());
          const dense = embeddingGrad(g, ids, { numEmbeddings: V });
          const sparse = embeddingGrad(g, ids, { numEmbeddings: V, sparse: true, coalesce: true });
          g.dispose();
          scribble();
          const want = refLookupGrad(gv, ids, V, D);
          assert.deepEqual(Array.from(await dense.data()), Array.from(want));
          assert.deepEqual(Array.from(await sparse.indices.data()), [0, 3, 299]);
        }
        // Max-norm: the in-place write and the read both see the real table.
        {
          const { w, values } = table(3);
          const out = embeddingForward(w, ids, { maxNorm: 1 });
          w.dispose();
          scribble();
          const renormed = refRenorm(values, D, ids, 1);
          assert.deepEqual(Array.from(await out.data()), refGather(renormed, ids, D));
          assert.throws(() => w.dataSync(), TypeError);
        }
        // Disposed while the computation is in flight (on the Workers for worker backends).
        {
          const { w, values } = table(4);
          const big = Array.from({ length: 5000 }, (_, i) => (i * 7) % V);
          const pending = embeddingForward(w, big).data();
          w.dispose();
          scribble();
          assert.deepEqual(Array.from(await pending), refGather(values, big, D));
        }
      });
    },
  );
}

Deno.test("dispose() of an input of a jit call rejects the call with a TypeError naming jit", async () => {
  const f = jit(function lookup(w: Tensor<"float32">, i: Int32Array) {
    return embeddingForward(w, i);
  });
  const a = table(5), b = table(6), ids = new Int32Array([1, 2]);
  assert.deepEqual(Array.from((await f(a.w, ids)).dataSync()), refGather(a.values, [1, 2], D));
  b.w.dispose();
  await assert.rejects(
    f(b.w, ids),
    (e: Error) => e instanceof TypeError && /^jit\(lookup\)/.test(e.message),
  );
  // Disposed right after the call, before the replay ran: rejected, never garbage.
  const c = table(7);
  const pending = f(c.w, ids);
  c.w.dispose();
  scribble();
  await assert.rejects(
    pending,
    (e: Error) => e instanceof TypeError && /^jit\(lookup\)/.test(e.message),
  );
});

Deno.test("dispose() of a table with a pending max-norm is not a no-op", async () => {
  const { w, values } = table(8);
  const out = embeddingForward(w, [1, 2], { maxNorm: 1 });
  w.dispose();
  assert.equal(w.toString(), `Tensor(disposed, shape=[${V},${D}])`);
  assert.throws(
    () => embeddingForward(w, [1]),
    (e: Error) =>
      e instanceof TypeError &&
      /^embeddingForward\(\): weight is a disposed tensor/.test(e.message),
  );
  await assert.rejects(
    w.data(),
    /^TypeError: Tensor\.data\(\): the tensor of shape \[300,16\] has been disposed$/,
  );
  // The pending lookup still computes from the table; then the table's block is returned.
  const live = arena().liveBytes;
  assert.deepEqual(
    Array.from(await out.data()),
    refGather(refRenorm(values, D, [1, 2], 1), [1, 2], D),
  );
  assert.ok(
    arena().liveBytes <= live - V * D * 4 + 4 * D * 2,
    "the table's block returned to the arena",
  );
  // A bag gradient reading a table disposed before the call is refused too.
  const t = table(9);
  t.w.dispose();
  assert.throws(() => embeddingBagGrad(full([1, D], 1), t.w, [[1, 2]], { mode: "max" }), TypeError);
});
