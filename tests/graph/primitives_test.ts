/**
 * The primitive registry: every primitive runs unfused with the same
 * results as fused, shapes come from the rules, and an unknown op reaching
 * the scheduler is an error, never zeros.
 */

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingBagGrad,
  embeddingGrad,
  type Tensor,
  tensor,
} from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { realizeNodesSync } from "../../src/runtime/realize_nodes.ts";
import { PRIMITIVES } from "../../src/graph/prims/index.ts";
import { makeNode } from "../../src/graph/node.ts";
import type { NodeOf } from "../../src/graph/primitive.ts";
import { lower } from "../../src/schedule/_lower.ts";
import { Random } from "../../src/tensor/random.ts";

const nodeOf = (t: Tensor) => tensorInternals().nodeOf(t);

/** Values of tensors realized with no fusion at all. */
function unfused(...ts: Tensor[]): number[][] {
  realizeNodesSync(ts.map(nodeOf), "test", []);
  return ts.map((t) => [...t.dataSync()]);
}

const rng = new Random(7);
const table = () =>
  tensor(Array.from({ length: 6 }, () => [rng.uniform() * 2 - 1, rng.uniform() * 2 - 1]));
const G = () => tensor([[1, -2], [0.5, 3], [-1, 0.25]]);
const idx = [1, 0, 5, 5, 2, 3];
const offsets = [0, 2, 2];

for (const mode of ["sum", "mean", "max"] as const) {
  // PyTorch has no sparse gradient for max bags (an error there and here).
  for (const sparse of mode === "max" ? [false] : [false, true]) {
    Deno.test(`embeddingBagGrad() ${mode}${sparse ? " sparse" : ""} is the same unfused and fused`, () => {
      const w = table();
      const opts = {
        offsets,
        mode,
        paddingIdx: 0,
        sparse,
        perSampleWeights: mode === "sum" ? [1, 2, 3, 4, 5, 6] : undefined,
      };
      const a = embeddingBagGrad(G(), w, idx, opts), b = embeddingBagGrad(G(), w, idx, opts);
      const parts = (g: typeof a) => {
        const wg = g.weight;
        const ts = "values" in wg ? [wg.indices, wg.values] : [wg];
        return g.perSampleWeights ? [...ts, g.perSampleWeights] : ts;
      };
      const expected = parts(a).map((t) => [...t.dataSync()]);
      assert.deepEqual(unfused(...parts(b)), expected);
    });
  }
}

Deno.test("a bag_backward realized alone gives each position's row gradient", () => {
  const w = table();
  const out = embeddingBagForward(w, idx, { offsets, mode: "mean", paddingIdx: 0 });
  const bag = nodeOf(out) as NodeOf<"bag">;
  const [rowsCt] = PRIMITIVES.bag.vjp!(bag, nodeOf(G()));
  assert.deepEqual(rowsCt!.shape, [6, 2]);
  const rows = tensorInternals().fromNode<"float32">(rowsCt!);
  // Bag 0 holds positions 0 and 1 (1 is padding: a mean over 1 row), bag 1 is empty, bag 2
  // holds positions 2..5 (a mean over 4 rows).
  const g = [[1, -2], [0, 0], [-1, 0.25], [-1, 0.25], [-1, 0.25], [-1, 0.25]];
  const expected = g.map(([a, b], j) => [a / (j < 2 ? 1 : 4), b / (j < 2 ? 1 : 4)]);
  assert.deepEqual(rows.toArraySync(), expected.map((r) => r.map((x) => Math.fround(x))));
  // The same, through the dense table gradient, agrees with embeddingGrad of those rows.
  const dense = embeddingGrad(rows, idx, { numEmbeddings: 6, paddingIdx: 0 });
  const direct = embeddingBagGrad(G(), w, idx, { offsets, mode: "mean", paddingIdx: 0 });
  assert.deepEqual([...dense.dataSync()], [...(direct.weight as Tensor).dataSync()]);
});

Deno.test("makeNode() takes the shape and dtype from the primitive's rules", () => {
  const w = nodeOf(tensor([[1, 2, 3], [4, 5, 6]]));
  const i = nodeOf(tensor([[1, 0], [0, 0]], { dtype: "int32" }));
  const g = makeNode("gather", [w, i], { paddingIdx: null, scaleGradByFreq: false, sparse: false });
  assert.deepEqual([g.shape, g.dtype], [[2, 2, 3], "float32"]);
});

Deno.test("an unknown op reaching the scheduler is an error, never zeros", () => {
  const node = {
    op: "relu",
    attrs: {},
    inputs: [0],
    dtype: "float32",
    aliases: -1,
    role: "output",
  };
  const input = { ...node, op: "buffer", inputs: [], role: "input" };
  // deno-lint-ignore no-explicit-any
  assert.throws(() => lower([input, node] as any, [[2], [2]]), /no primitive named relu/);
});
