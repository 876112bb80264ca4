/**
 * Matrix products with and without fused multiply-adds (`setBackend`'s
 * `fma`), through the public API: an MLP step's six products (forward, and
 * both gradients of two linear layers, by `valueAndGrad` and by `jit`) and a
 * batched `Aᵀ`-style product compute the same bits on every backend (JS and
 * Wasm kernels, inline and on 1 and 2 Workers) in each mode; where this
 * runtime's `relaxed_madd` is fused the two modes differ (in the last bits).
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { relaxedFmaFused } from "../../src/wasm/relaxed_fma.ts";
import { BACKENDS, WORKER_TEST } from "../_backends.ts";
import { assertAllClose, assertBitwise } from "../_helpers.ts";

type F32 = T.Tensor<"float32">;
type Params = { w1: F32; b1: F32; w2: F32; b2: F32 };

const x = T.randn([37, 19], { seed: 11 }), probe = T.randn([37, 10], { seed: 12 });
const a = T.randn([2, 13, 9], { seed: 13 }), b = T.randn([9, 6], { seed: 14 });
const params: Params = {
  w1: T.randn([33, 19], { seed: 15 }),
  b1: T.randn([33], { seed: 16 }),
  w2: T.randn([10, 33], { seed: 17 }),
  b2: T.randn([10], { seed: 18 }),
};
const loss = (p: Params) =>
  T.sum(T.mul(T.linear(T.relu(T.linear(x, p.w1, p.b1)), p.w2, p.b2), probe));

/** Every value and gradient of the step, then a batched product, as float32 arrays. */
async function outputs(): Promise<Float32Array[]> {
  const [value, g] = T.valueAndGrad(loss)(params);
  const [jv, jg] = await T.jit(T.valueAndGrad(loss))(params);
  const ts = [value, g.w1, g.b1, g.w2, g.b2, jv, jg.w1, jg.w2, T.matmul(a, b)];
  return await Promise.all(ts.map(async (t) => (await t.data()) as Float32Array));
}

const modes = relaxedFmaFused() ? ["off", "on"] as const : ["off"] as const;
const results: Record<string, Float32Array[][]> = { off: [], on: [] };

for (const fma of modes) {
  Deno.test(
    `matmul products are bit-identical on every backend with fma ${fma}`,
    WORKER_TEST,
    async () => {
      for (const backend of BACKENDS) {
        T.setBackend({ ...backend.options, fma });
        try {
          assert.equal(T.backend().fma, fma === "on");
          results[fma].push(await outputs());
        } finally {
          T.setBackend({});
          await T.shutdownWorkers();
        }
      }
      const [first, ...rest] = results[fma];
      rest.forEach((r, k) => {
        r.forEach((t, i) => assertBitwise(t, first[i], `${BACKENDS[k + 1].name} output ${i}`));
      });
    },
  );
}

if (relaxedFmaFused()) {
  Deno.test("fused and unfused products agree to float32 rounding and differ in last bits", () => {
    const [off, on] = [results.off[0], results.on[0]];
    assert.ok(off && on, "run after the per-mode tests");
    off.forEach((t, i) => assertAllClose(on[i], t, { rtol: 1e-4, atol: 1e-4 }));
    assert.ok(off.some((t, i) => t.some((v, k) => v !== on[i][k])), "the modes differ somewhere");
  });
}
