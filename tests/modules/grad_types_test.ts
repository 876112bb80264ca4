/**
 * A module's `grad()` is typed by its `sparse` flag: these assignments
 * compile only if `sparse: true` gives `RowSparseGrad` and `sparse: false` a
 * dense tensor (and the values agree with the types at run time).
 */

import assert from "node:assert/strict";
import { Embedding, EmbeddingBag, RowSparseGrad, type Tensor } from "../../mod.ts";

Deno.test("Embedding.grad() of a sparse module is typed and returned as a RowSparseGrad", () => {
  const sparse = new Embedding(10, 3, { sparse: true, seed: 0 });
  const g: RowSparseGrad = sparse.grad([[1, 1, 1]], [4]);
  assert.ok(g instanceof RowSparseGrad);
  const dense = new Embedding(10, 3, { sparse: false, seed: 0 });
  const d: Tensor<"float32"> = dense.grad([[1, 1, 1]], [4]);
  assert.deepEqual(d.shape, [10, 3]);
});

Deno.test("EmbeddingBag.grad() of a sparse module is typed and returned as a RowSparseGrad", () => {
  const bag = new EmbeddingBag(10, 3, { sparse: true, mode: "sum", seed: 0 });
  const { weight }: { weight: RowSparseGrad } = bag.grad([[1, 1, 1]], [[4, 5]]);
  assert.ok(weight instanceof RowSparseGrad);
  const dense = new EmbeddingBag(10, 3, { mode: "sum", sparse: false, seed: 0 });
  const { weight: w }: { weight: Tensor<"float32"> } = dense.grad([[1, 1, 1]], [[4, 5]]);
  assert.deepEqual(w.shape, [10, 3]);
});
