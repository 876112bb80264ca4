/**
 * A dense lookup gradient stays lazy after `backward()`, and plain SGD adds
 * its summed rows into the touched rows only (one `scatter_rows` kernel that
 * sums each row, then adds it), with the same float32 values as the dense
 * update `W + (-lr) · grad` (checked here against that update computed in
 * JavaScript from the dense gradient, bit for bit, on every backend).
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";
import { schedulesOf } from "../_schedules.ts";

/** The kernels of the plans `run` schedules (printed at debug level 2). */
const kernelsOf = async (run: () => Promise<void>) => (await schedulesOf(run)).join("\n");

type Make = () => { table: T.Tensor<"float32">; loss: () => T.Tensor<"float32"> };

const bag = (options: T.EmbeddingBagOptions): Make => () => {
  const m = new T.EmbeddingBag(7, 3, { seed: 4, ...options });
  const ids = [[1, 2, 2, 5], [0, 6, 1, 1], [3, 3, 3, 0]];
  const psw = options.mode === "sum" ? T.randn([3, 4], { seed: 5 }) : undefined;
  return {
    table: m.weight,
    loss: () => T.mseLoss(m.forward(ids, psw ? { perSampleWeights: psw } : {}), T.ones([3, 3])),
  };
};
const lookup = (options: T.EmbeddingOptions): Make => () => {
  const m = new T.Embedding(7, 3, { seed: 4, ...options });
  return { table: m.weight, loss: () => T.sum(T.mul(m.forward([[1, 2, 2], [6, 1, 0]]), 1.5)) };
};

const CASES: [string, Make, T.SGDOptions][] = [
  ["EmbeddingBag mean", bag({ mode: "mean" }), { lr: 0.5 }],
  ["EmbeddingBag sum with per-sample weights", bag({ mode: "sum" }), { lr: 0.25 }],
  ["EmbeddingBag max", bag({ mode: "max" }), { lr: 0.5 }],
  ["EmbeddingBag mean, paddingIdx 1", bag({ mode: "mean", paddingIdx: 1 }), { lr: 0.5 }],
  ["EmbeddingBag mean, maximize", bag({ mode: "mean" }), { lr: 0.5, maximize: true }],
  ["Embedding", lookup({}), { lr: 0.1 }],
  ["Embedding, scaleGradByFreq", lookup({ scaleGradByFreq: true }), { lr: 0.1 }],
];

for (const [name, make, options] of CASES) {
  for (const backend of BACKENDS) {
    Deno.test({
      name:
        `SGD.step() on a dense lookup gradient equals the dense update bit for bit (${name}, ${backend.name})`,
      ...WORKER_TEST,
      fn: () => useBackend(backend, () => sgdMatchesDense(make, options)),
    });
  }
}

/** One step of plain SGD on a lookup gradient, against the dense update computed in JavaScript. */
async function sgdMatchesDense(make: Make, options: T.SGDOptions): Promise<void> {
  const { table, loss } = make();
  const optimizer = new T.SGD([table], options);
  const before = Float32Array.from(await table.data());
  await loss().backward();
  const grad = table.grad as T.Tensor<"float32">;
  assert.equal(tensorInternals().nodeOf(grad).storage, undefined, "backward() left it lazy");
  const storage = tensorInternals().nodeOf(table).storage;
  const kernels = await kernelsOf(() => optimizer.step());
  assert.match(kernels, /scatter_rows\{[^}]*coalesce=true[^}]*update=true/, "rows summed, added");
  assert.doesNotMatch(kernels, /elementwise|row_csr|sgd_rows/, "no [V, D] update, no sort");
  const g = await grad.data();
  const alpha = Math.fround(options.maximize ? options.lr : -options.lr);
  const want = before.map((w, i) => Math.fround(w + Math.fround(alpha * g[i])));
  const got = await table.data();
  assert.deepEqual(
    new Uint32Array(got.buffer, got.byteOffset, got.length),
    new Uint32Array(want.buffer),
  );
  assert.equal(tensorInternals().nodeOf(table).storage, storage, "updated in place");
}

Deno.test("SGD.step() with momentum or weight decay takes the dense path for a lookup gradient", async () => {
  for (const options of [{ lr: 0.1, momentum: 0.9 }, { lr: 0.1, weightDecay: 0.01 }]) {
    const { table, loss } = lookup({})();
    const optimizer = new T.SGD([table], options);
    const before = Float32Array.from(await table.data());
    await loss().backward();
    const g = await (table.grad as T.Tensor<"float32">).data();
    await optimizer.step();
    const got = await table.data();
    // Rows 3, 4 and 5 were not looked up: only weight decay moves them.
    for (const row of [3, 4, 5]) {
      for (let d = 0; d < 3; d++) {
        const i = row * 3 + d;
        assert.equal(g[i], 0);
        assert.equal(got[i] === before[i], options.weightDecay === undefined, `row ${row}`);
      }
    }
  }
});
