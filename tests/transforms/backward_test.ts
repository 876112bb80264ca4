/**
 * `Tensor.backward()` computes a lookup gradient's parts (the bag gradient
 * and the indices) and leaves the gradient itself lazy: a row-sparse
 * gradient's `[N, D]` per-lookup rows are computed only when read, and plain
 * SGD's step reads the parts directly (one `scatter_rows` pass), so the rows
 * are never computed in a training loop that does not read them. Read after
 * the step, they still hold the gradient of the loss before the step.
 */

import assert from "node:assert/strict";
import * as T from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";
import { schedulesOf } from "../_schedules.ts";

/** The kernels of the plans `run` schedules (printed at debug level 2). */
const kernelsOf = async (run: () => Promise<void>) => (await schedulesOf(run)).join("\n");

const IDS = [[1, 4, 4], [6, 1, 3], [0, 2, 5]];

/** Each lookup's gradient row for `mean` bags of loss `sum(bags * c)`: `c[b] / 3`, by hand. */
function expectedRows(c: number[][]): number[][] {
  return IDS.flatMap((bag, b) =>
    bag.map(() => c[b].map((x) => Math.fround(x * Math.fround(1 / 3))))
  );
}

for (const backend of BACKENDS) {
  Deno.test({
    name:
      `backward() leaves a row-sparse gradient's rows lazy; SGD never computes them (${backend.name})`,
    ...WORKER_TEST,
    fn: () =>
      useBackend(backend, async () => {
        const bag = new T.EmbeddingBag(7, 2, { mode: "mean", sparse: true, seed: 3 });
        const c = [[0.5, -1], [2, 0.25], [-3, 1.5]];
        const optimizer = new T.SGD(bag.parameters(), { lr: 0.5 });
        const before = Float32Array.from(await bag.weight.data());
        const backward = await kernelsOf(() =>
          T.sum(T.mul(bag.forward(IDS), T.tensor(c))).backward()
        );
        assert.doesNotMatch(backward, /sparse_values/, "no per-lookup rows in backward()");
        const grad = bag.weight.grad as T.RowSparseGrad;
        assert.ok(grad instanceof T.RowSparseGrad);
        const t = tensorInternals();
        assert.equal(t.nodeOf(grad.values).storage, undefined, "the rows are lazy");
        const step = await kernelsOf(() => optimizer.step());
        assert.doesNotMatch(step, /sparse_values/, "no per-lookup rows in step()");
        assert.match(step, /scatter_rows\{/);
        // Read now, after the table changed in place, the rows are the gradient before the step.
        assert.deepEqual(await grad.values.toArray(), expectedRows(c));
        assert.deepEqual(await grad.indices.toArray(), IDS.flat());
        const after = await bag.weight.data();
        const moved = new Set(IDS.flat());
        for (let r = 0; r < 7; r++) {
          const same = after[2 * r] === before[2 * r] && after[2 * r + 1] === before[2 * r + 1];
          assert.equal(same, !moved.has(r), `row ${r}`);
        }
      }),
  });
}

Deno.test("backward() on a sparse table then reading .grad.values twice gives the same rows", async () => {
  const table = T.randn([5, 3], { seed: 2 });
  table.requiresGrad = true;
  await T.sum(T.embeddingForward(table, [[4, 0], [4, 2]], { sparse: true })).backward();
  const g = table.grad as T.RowSparseGrad;
  const first = await g.values.toArray();
  assert.deepEqual(first, [[1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1]]);
  assert.deepEqual(await g.values.toArray(), first);
  assert.deepEqual(await g.coalesce().indices.toArray(), [0, 2, 4]);
  assert.deepEqual(await g.coalesce().values.toArray(), [[1, 1, 1], [1, 1, 1], [2, 2, 2]]);
});
