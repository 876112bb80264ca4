/** collect(): the toposort behind a plan, and the structural keys that cache plans. */

import assert from "node:assert/strict";
import { embeddingBagForward, embeddingForward, type Tensor, tensor } from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { collect } from "../../src/schedule/collect.ts";

const keyOf = (...ts: Tensor[]) => collect(ts.map((t) => tensorInternals().nodeOf(t))).key;

Deno.test("collect() gives structurally equal graphs equal keys, whatever their data", () => {
  const a = embeddingForward(tensor([[1, 2], [3, 4]]), [1, 0]);
  const b = embeddingForward(tensor([[5, 6], [7, 8]]), [0, 0]);
  assert.equal(keyOf(a), keyOf(b));
});

Deno.test("collect() keys differ with options, ranks and kept outputs, not with sizes", () => {
  const w = tensor([[1, 2], [3, 4]]);
  const base = keyOf(embeddingBagForward(w, [[1, 0]], { mode: "sum" }));
  assert.notEqual(base, keyOf(embeddingBagForward(w, [[1, 0]], { mode: "mean" })));
  assert.notEqual(base, keyOf(embeddingBagForward(w, [1, 0], { offsets: [0], mode: "sum" })));
  const out = embeddingBagForward(w, [[1, 0]], { mode: "sum" });
  assert.notEqual(keyOf(out), keyOf(out, embeddingForward(w, [1])));
  // Sizes are checked against what the plan's lowering read (src/schedule/_shape_guard.ts).
  assert.equal(base, keyOf(embeddingBagForward(w, [[1, 0, 1]], { mode: "sum" })));
  assert.equal(
    base,
    keyOf(embeddingBagForward(tensor([[1, 2, 3], [4, 5, 6]]), [[1, 0]], { mode: "sum" })),
  );
});

Deno.test("collect() stops at realized nodes and orders inputs before their users", () => {
  const w = tensor([[1, 2], [3, 4]]);
  const out = embeddingForward(w, [1]);
  const { nodes, keep } = collect([tensorInternals().nodeOf(out)]);
  assert.deepEqual(nodes.map((n) => n.op), ["buffer", "buffer", "gather"]);
  assert.deepEqual([...keep], [2]);
  out.dataSync();
  assert.deepEqual(collect([tensorInternals().nodeOf(out)]).nodes.length, 1);
});

Deno.test("collect() pulls in earlier readers a max-norm write must follow", () => {
  const w = tensor([[3, 4], [6, 8]]);
  const early = embeddingForward(w, [0]);
  const late = embeddingForward(w, [0], { maxNorm: 1 });
  const { nodes, keep } = collect([tensorInternals().nodeOf(late)]);
  const ops = nodes.map((n) => n.op);
  assert.ok(ops.indexOf("gather") < ops.indexOf("renorm"), `order: ${ops}`);
  assert.equal(keep.size, 3, "the early lookup, the renorm and the late lookup are kept");
  late.dataSync();
  assert.deepEqual(Array.from(early.dataSync()), [3, 4]);
});
