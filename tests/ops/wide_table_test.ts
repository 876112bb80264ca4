/**
 * Wide tables (D = 32768 and more) work for every kernel kind, on the JS and
 * the Wasm kernels: no emitter or listing builds data-sized argument lists.
 */

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingBagGrad,
  embeddingForward,
  embeddingGrad,
  type Tensor,
  tensor,
} from "../../mod.ts";
import { BACKENDS, useBackend } from "../_backends.ts";
import {
  bagsOf2d,
  refBagForward,
  refBagGrad,
  refGather,
  refLookupGrad,
  refRenorm,
} from "../_reference.ts";
import { assertAllClose, rng } from "../_helpers.ts";

function table(V: number, D: number, seed: number): { w: Tensor<"float32">; v: Float32Array } {
  const r = rng(seed);
  const v = Float32Array.from({ length: V * D }, () => r() * 2 - 1);
  return { w: tensor(v, { shape: [V, D] }), v };
}

for (const backend of BACKENDS.filter((b) => b.options.executor === "inline")) {
  for (const D of [32768]) {
    Deno.test(`every kernel kind handles D = ${D} (${backend.name})`, async () => {
      await useBackend(backend, async () => {
        const V = 3, { w, v } = table(V, D, D);
        const ids = [2, 0, 2];
        assert.deepEqual(Array.from(await embeddingForward(w, ids).data()), refGather(v, ids, D));
        for (const mode of ["sum", "mean", "max"] as const) {
          // The reproduction is mode "max" with [[0, 1]].
          const want = refBagForward({ w: v, V, D, idx: [0, 1], bags: bagsOf2d(1, 2), mode });
          assertAllClose(await embeddingBagForward(w, [[0, 1]], { mode }).data(), want);
          const g = table(1, D, 7);
          const grads = embeddingBagGrad(g.w, w, [[0, 1]], { mode });
          const ref = refBagGrad(
            { w: v, V, D, idx: [0, 1], bags: bagsOf2d(1, 2), mode },
            g.v,
          );
          assertAllClose(await grads.weight.data(), ref.weight);
        }
        const psw = embeddingBagGrad(table(1, D, 8).w, w, [0, 1], {
          offsets: [0],
          mode: "sum",
          perSampleWeights: [0.5, 2],
        });
        assert.equal((await psw.perSampleWeights!.data()).length, 2);
        const go = table(3, D, 9);
        for (const scaleGradByFreq of [false, true]) {
          const want = refLookupGrad(go.v, ids, V, D, null, scaleGradByFreq);
          assertAllClose(
            await embeddingGrad(go.w, ids, { numEmbeddings: V, scaleGradByFreq }).data(),
            want,
          );
          const sparse = embeddingGrad(go.w, ids, {
            numEmbeddings: V,
            scaleGradByFreq,
            sparse: true,
            coalesce: true,
          });
          assertAllClose(await sparse.values.data(), [...want.slice(0, D), ...want.slice(2 * D)]);
        }
        const renormed = refRenorm(v, D, ids, 1);
        assert.deepEqual(
          Array.from(await embeddingForward(w, ids, { maxNorm: 1 }).data()),
          refGather(renormed, ids, D),
        );
      });
    });
  }
}

Deno.test("a lookup and a max bag handle D = 40003 on the Wasm kernels (wider than 32768, with a tail)", async () => {
  await useBackend(BACKENDS[1], async () => {
    const D = 40003, { w, v } = table(2, D, 3);
    assert.deepEqual(Array.from(await embeddingForward(w, [1, 0]).data()), refGather(v, [1, 0], D));
    const want = refBagForward({ w: v, V: 2, D, idx: [0, 1], bags: bagsOf2d(1, 2), mode: "max" });
    assertAllClose(await embeddingBagForward(w, [[0, 1]], { mode: "max" }).data(), want);
  });
});

for (const backend of BACKENDS) {
  Deno.test(`a lookup, a bag and its gradient handle D = 2^20 (an 8 MiB table, past the widest Wasm row) (${backend.name})`, async () => {
    await useBackend(backend, async () => {
      const D = 2 ** 20, V = 2, { w, v } = table(V, D, 5);
      assert.deepEqual(
        Array.from(await embeddingForward(w, [1, 0]).data()),
        refGather(v, [1, 0], D),
      );
      const bag = { w: v, V, D, idx: [0, 1], bags: bagsOf2d(1, 2), mode: "max" as const };
      assertAllClose(
        await embeddingBagForward(w, [[0, 1]], { mode: "max" }).data(),
        refBagForward(bag),
      );
      const g = table(1, D, 6);
      const grads = embeddingBagGrad(g.w, w, [[0, 1]], { mode: "mean" });
      assertAllClose(await grads.weight.data(), refBagGrad({ ...bag, mode: "mean" }, g.v).weight);
    });
  });
}
