/**
 * The viz functions read a disposed tensor as an error naming themselves
 * and the argument, not Tensor.dataSync().
 */

import {
  pca,
  projectorHtml,
  scatterSvg,
  type Tensor,
  tensor,
  trustworthiness,
  tsne,
} from "../../mod.ts";
import assert from "node:assert/strict";

function disposed(): Tensor<"float32"> {
  const t = tensor([[1, 2], [3, 4], [5, 7]]);
  t.dispose();
  return t;
}

Deno.test("pca(), tsne(), trustworthiness(), scatterSvg() and projectorHtml() name themselves for a disposed tensor", async () => {
  const cases: [string, string, (x: Tensor<"float32">) => unknown][] = [
    ["pca", "x", (x) => pca(x)],
    ["tsne", "x", (x) => tsne(x, { perplexity: 1, nIter: 250, method: "exact" })],
    ["trustworthiness", "x", (x) => trustworthiness(x, [[1], [2], [3]], { nNeighbors: 1 })],
    ["scatterSvg", "points", (x) => scatterSvg(x)],
    ["projectorHtml", "vectors", (x) => projectorHtml(x)],
  ];
  for (const [name, arg, call] of cases) {
    await assert.rejects(
      async () => await call(disposed()),
      (e: Error) =>
        e instanceof TypeError &&
        e.message === `${name}(): ${arg} is a disposed tensor of shape [3,2]`,
    );
  }
});
