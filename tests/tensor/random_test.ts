/** In-place fills store exactly what loops over the generator would, and leave it where they would. */

import { fillNormal, fillUniform, Random } from "../../src/tensor/random.ts";
import { assertBitwise } from "../_helpers.ts";
import assert from "node:assert/strict";

for (const n of [0, 1, 2, 7, 1000, 4097]) {
  for (const pending of [false, true]) {
    Deno.test(`fillNormal() of ${n} values${pending ? " after a pending spare" : ""} equals normal() calls`, () => {
      const a = new Random(5), b = new Random(5);
      if (pending) a.normal(), b.normal(); // leaves the second value of a pair
      const want = new Float32Array(n), got = new Float32Array(n);
      for (let i = 0; i < n; i++) want[i] = 0.5 + 2 * a.normal();
      fillNormal(b, got, 0.5, 2);
      assertBitwise(got, want);
      assert.deepEqual([b.normal(), b.normal(), b.uniform()], [
        a.normal(),
        a.normal(),
        a.uniform(),
      ]);
    });
  }
  Deno.test(`fillUniform() of ${n} values equals uniform() calls`, () => {
    const a = new Random(9), b = new Random(9);
    const want = new Float64Array(n), got = new Float64Array(n);
    for (let i = 0; i < n; i++) want[i] = -1 + 3 * a.uniform();
    fillUniform(b, got, -1, 3);
    assertBitwise(got, want);
    assert.equal(b.nextUint32(), a.nextUint32());
  });
}
