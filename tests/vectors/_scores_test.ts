/**
 * Row norms of a table (src/vectors/_scores.ts): computed four rows at a
 * time, they must equal the one-row-at-a-time sum bit for bit, for every
 * count of rows left over.
 */

import assert from "node:assert/strict";
import { tensor } from "../../mod.ts";
import { rowNorms } from "../../src/vectors/_scores.ts";
import { rng } from "../_numeric.ts";

Deno.test("rowNorms() equals each row's sum of squares taken in order, bit for bit", () => {
  const r = rng(3);
  for (const D of [1, 3, 300]) {
    for (let V = 1; V <= 9; V++) {
      const w = Float32Array.from({ length: V * D }, () => (r() - 0.5) * 10 ** (r() * 6 - 3));
      const got = rowNorms(tensor(w, { shape: [V, D] }), "test").dataSync();
      const want = Float32Array.from({ length: V }, (_, row) => {
        let s = 0;
        for (let d = 0; d < D; d++) s += w[row * D + d] * w[row * D + d];
        return Math.sqrt(s);
      });
      assert.deepEqual(got, want, `V=${V} D=${D}`);
    }
  }
});
