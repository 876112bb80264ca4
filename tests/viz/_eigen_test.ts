/** Tests of `symmetricEigen()` against its definition: A·v = λ·v, V orthonormal, λ descending. */

import assert from "node:assert/strict";
import { symmetricEigen } from "../../src/viz/_eigen.ts";
import { rng } from "../_numeric.ts";

function check(a: Float64Array, n: number): void {
  const { values, vectors } = symmetricEigen(a, n);
  for (let c = 0; c < n; c++) {
    if (c > 0) assert.ok(values[c] <= values[c - 1], "descending");
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let k = 0; k < n; k++) av += a[i * n + k] * vectors[k * n + c];
      assert.ok(Math.abs(av - values[c] * vectors[i * n + c]) < 1e-9, `A·v = λ·v, column ${c}`);
    }
    for (let d = 0; d <= c; d++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += vectors[k * n + c] * vectors[k * n + d];
      assert.ok(Math.abs(dot - (c === d ? 1 : 0)) < 1e-12, `orthonormal ${c}, ${d}`);
    }
  }
}

Deno.test("symmetricEigen() decomposes random, diagonal, repeated and 1x1 matrices", () => {
  const r = rng(7);
  for (const n of [1, 2, 5, 17, 40]) {
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = r() * 2 - 1;
    }
    check(a, n);
  }
  check(Float64Array.from([3, 0, 0, 0, 1, 0, 0, 0, 2]), 3);
  check(Float64Array.from([2, 0, 0, 0, 2, 0, 0, 0, 2]), 3);
  check(new Float64Array(16), 4);
});
