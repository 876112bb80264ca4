/** Plans shared across sizes: the shapes lowering read decide whether a plan fits. */

import assert from "node:assert/strict";
import { embeddingBagForward, type Tensor, tensor } from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { collect } from "../../src/schedule/collect.ts";
import { guardShapes, shapesAgree } from "../../src/schedule/_shape_guard.ts";
import { planFor } from "../../src/runtime/realize_nodes.ts";

const graphOf = (t: Tensor) => collect([tensorInternals().nodeOf(t)]);

/** The bag sums of `ids` over the rows of `w`, computed naively. */
function bagSums(w: number[][], ids: number[][]): number[] {
  return ids.flatMap((bag) => w[0].map((_, d) => bag.reduce((s, i) => s + w[i][d], 0)));
}

Deno.test("guardShapes() records each dimension and rank read once, and refuses reads once sealed", () => {
  const g = guardShapes([[4, 3], [7]]);
  const [a, b] = g.view;
  assert.equal(a[1], 3);
  assert.equal(a[1], 3);
  assert.equal(b.length, 1);
  assert.deepEqual([...b], [7]);
  assert.deepEqual(g.reads, [{ v: 0, k: 1, is: 3 }, { v: 1, k: -1, is: 1 }, { v: 1, k: 0, is: 7 }]);
  g.seal();
  assert.throws(() => a[0], /internal: a step read the shape of %0 after scheduling/);
});

Deno.test("shapesAgree() compares every read dimension and rank with a graph's shapes", () => {
  const graph = graphOf(embeddingBagForward(tensor([[1, 2], [3, 4]]), [[1, 0, 1]]));
  const idx = graph.nodes.findIndex((n) => n.dtype === "int32");
  assert.ok(shapesAgree([{ v: idx, k: 1, is: 3 }, { v: idx, k: -1, is: 2 }], graph.nodes));
  assert.ok(!shapesAgree([{ v: idx, k: 1, is: 4 }], graph.nodes));
  assert.ok(!shapesAgree([{ v: idx, k: -1, is: 1 }], graph.nodes));
});

Deno.test("planFor() reuses a plan for bags of another length, and its results are right", async () => {
  const rows = [[1, 2], [3, 4], [5, 6]];
  const w = tensor(rows);
  const first = embeddingBagForward(w, [[1, 0], [2, 2]], { mode: "sum" });
  const second = embeddingBagForward(w, [[2, 0, 1, 1], [0, 0, 1, 2]], { mode: "sum" });
  const plan = planFor(graphOf(first));
  assert.equal(planFor(graphOf(second)), plan);
  assert.deepEqual(Array.from(await second.data()), bagSums(rows, [[2, 0, 1, 1], [0, 0, 1, 2]]));
  assert.deepEqual(Array.from(await first.data()), bagSums(rows, [[1, 0], [2, 2]]));
});

Deno.test("planFor() schedules again when a size lowering reads changes (the embedding dim)", async () => {
  const narrow = embeddingBagForward(tensor([[1, 2], [3, 4]]), [[1, 0]], { mode: "sum" });
  const wide = embeddingBagForward(tensor([[1, 2, 3], [4, 5, 6]]), [[1, 0]], { mode: "sum" });
  assert.equal(graphOf(narrow).key, graphOf(wide).key);
  assert.notEqual(planFor(graphOf(wide)), planFor(graphOf(narrow)));
  assert.deepEqual(await wide.toArray(), [[5, 7, 9]]);
  assert.deepEqual(await narrow.toArray(), [[4, 6]]);
});
