/** Tests of `trustworthiness()`: sklearn 1.2's `sklearn.manifold.trustworthiness`, and errors. */

import { trustworthiness } from "../../mod.ts";
import { assertAllClose } from "../_numeric.ts";
import { assertThrowsClean } from "../_helpers.ts";
import { fixture } from "./_viz_fixture.ts";

const t = fixture.trustworthiness;

Deno.test("trustworthiness() equals sklearn's on several embeddings and k", () => {
  for (const c of t.cases) {
    const ours = trustworthiness(t.x, t.embeddings[c.embedding], { nNeighbors: c.nNeighbors });
    assertAllClose([ours], [c.value], {
      rtol: 1e-12,
      msg: `embedding ${c.embedding}, k ${c.nNeighbors}`,
    });
  }
});

Deno.test("trustworthiness() is 1 for the data itself and defaults to k = 5", () => {
  assertAllClose([trustworthiness(t.x, t.x)], [1], { rtol: 0 });
  const c = t.cases.find((c) => c.nNeighbors === 5)!;
  assertAllClose([trustworthiness(t.x, t.embeddings[c.embedding])], [c.value], { rtol: 1e-12 });
});

Deno.test("trustworthiness() rejects bad arguments with the offending value", () => {
  const x = t.x.slice(0, 10);
  assertThrowsClean(
    () => trustworthiness(x, x, { nNeighbors: 5 }),
    RangeError,
    /^trustworthiness\(\): nNeighbors is 5 but must lie in \[1, 5\) for 10 rows$/,
  );
  assertThrowsClean(() => trustworthiness(x, x, { nNeighbors: 0 }), RangeError, /nNeighbors is 0/);
  assertThrowsClean(
    () => trustworthiness(x, x.slice(2)),
    RangeError,
    /^trustworthiness\(\): embedded has 8 rows but x has 10$/,
  );
  assertThrowsClean(
    () => trustworthiness(x, [[0, Infinity]]),
    RangeError,
    /embedded\[0,1\] is Infinity but must be finite/,
  );
  assertThrowsClean(() => trustworthiness(x, x, { k: 3 } as never), TypeError, /unknown option k/);
});
