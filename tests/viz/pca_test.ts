/** Tests of `pca()`: sklearn 1.2's `PCA` (svd_solver "full") sign for sign, and errors. */

import assert from "node:assert/strict";
import { pca, tensor } from "../../mod.ts";
import { assertAllClose } from "../_numeric.ts";
import { assertThrowsClean } from "../_helpers.ts";
import { fixture } from "./_viz_fixture.ts";

const F = /^pca\(\): /;

for (const c of fixture.pca) {
  Deno.test(`pca() matches sklearn's PCA sign for sign: ${c.name}`, async () => {
    const r = pca(c.x, { nComponents: c.nComponents });
    const opts = { rtol: 1e-5, atol: 1e-5 };
    assert.deepEqual(r.embedding.shape, [c.x.length, c.nComponents]);
    assertAllClose(await r.embedding.data(), c.embedding.flat(), { ...opts, msg: "embedding" });
    assertAllClose(await r.components.data(), c.components.flat(), { ...opts, msg: "components" });
    assertAllClose(r.mean, c.mean, { rtol: 1e-12, atol: 1e-12, msg: "mean" });
    assertAllClose(r.explainedVariance, c.explainedVariance, { ...opts, msg: "variance" });
    assertAllClose(r.explainedVarianceRatio, c.explainedVarianceRatio, { ...opts, msg: "ratio" });
    assertAllClose(r.singularValues, c.singularValues, { ...opts, msg: "singular values" });
  });
}

Deno.test("pca() takes a tensor, rows of typed arrays, or {data, shape} alike", async () => {
  const c = fixture.pca[0];
  const flat = Float32Array.from(c.x.flat());
  const shape: [number, number] = [c.x.length, c.x[0].length];
  const results = [
    pca(tensor(flat, { shape })),
    pca(c.x.map((row) => Float32Array.from(row))),
    pca({ data: flat, shape }),
  ];
  const first = await results[0].embedding.data();
  assertAllClose(first, c.embedding.flatMap((r) => r.slice(0, 2)), { rtol: 1e-4, atol: 1e-4 });
  for (const r of results.slice(1)) assertAllClose(await r.embedding.data(), first, { rtol: 1e-6 });
});

Deno.test("pca() keeps two components by default, fewer when min(n, d) is smaller", () => {
  assert.equal(pca([[1, 2, 3], [4, 5, 7], [0, 1, 1]]).components.shape[0], 2);
  assert.equal(pca([[1], [2], [4]]).components.shape[0], 1);
});

Deno.test("pca() rejects bad data and options with the offending value", () => {
  assertThrowsClean(() => pca([[1, 2]]), RangeError, /x has 1 rows but needs at least 2/);
  assertThrowsClean(() => pca([[1, 2], [3]]), TypeError, /x\[1\] has length 1 but x\[0\] has 2/);
  assertThrowsClean(
    () => pca([[1, 2], [3, NaN]]),
    RangeError,
    /x\[1,1\] is NaN but must be finite/,
  );
  assertThrowsClean(() => pca([[1, 2], [3, "4"]] as never), TypeError, /x\[1,1\] is "4"/);
  assertThrowsClean(() => pca(7 as never), TypeError, /x is 7 but must be a 2-D tensor/);
  assertThrowsClean(() => pca(tensor([1, 2, 3])), TypeError, /x has shape \[3\] but must be 2-D/);
  assertThrowsClean(
    () => pca([[1, 2], [3, 4]], { nComponents: 3 }),
    RangeError,
    /nComponents is 3 but must lie in \[1, 2\]/,
  );
  assertThrowsClean(
    () => pca([[1, 2], [3, 4]], { n_components: 1 } as never),
    TypeError,
    /unknown option n_components \(did you mean nComponents\?\)/,
  );
  for (const f of [() => pca([[1, 2]]), () => pca([[1, 2], [3, 4]], { nComponents: 1.5 })]) {
    assert.throws(f, (e: Error) => F.test(e.message));
  }
});
