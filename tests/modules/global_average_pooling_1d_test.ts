/** Tests of `GlobalAveragePooling1D`: plain and masked means, the mask Sequential passes on, errors. */

import assert from "node:assert/strict";
import { Embedding, GlobalAveragePooling1D, Sequential, tensor } from "../../mod.ts";
import { assertAllClose } from "../_numeric.ts";
import { assertThrowsClean } from "../_helpers.ts";

const x = [[[1, 2], [3, 4], [5, 6]], [[-1, 0], [7, 9], [2, 2]]];

Deno.test("GlobalAveragePooling1D.forward() averages the steps, or only the unmasked ones", async () => {
  const pool = new GlobalAveragePooling1D();
  assertAllClose(await pool.forward(x).data(), [3, 4, 8 / 3, 11 / 3], { rtol: 1e-6 });
  const masked = pool.forward(x, [[1, 0, 1], [0, 1, 0]]);
  assertAllClose(await masked.data(), [3, 4, 7, 9], { rtol: 1e-6 });
  const none = await pool.forward(x, tensor(new Int32Array(6), { shape: [2, 3] })).data();
  assert.ok(none.every(Number.isNaN)); // Keras: 0 / 0
});

Deno.test("Sequential passes an Embedding's maskZero mask to GlobalAveragePooling1D", async () => {
  const table = Array.from({ length: 6 }, (_, i) => [i, 10 * i]);
  const ids = [[1, 2, 0, 0], [3, 0, 0, 0], [4, 5, 1, 2]];
  const model = new Sequential([
    Embedding.fromPretrained(table, { maskZero: true }),
    new GlobalAveragePooling1D(),
  ]);
  const want = ids.flatMap((row) => {
    const kept = row.filter((i) => i !== 0);
    return [0, 1].map((j) => kept.reduce((s, i) => s + table[i][j], 0) / kept.length);
  });
  assertAllClose(await model.forward(ids).data(), want, { rtol: 1e-6 });
  const plain = new Sequential([Embedding.fromPretrained(table), new GlobalAveragePooling1D()]);
  assertAllClose(await plain.forward([[1, 2, 0, 0]]).data(), [0.75, 7.5], { rtol: 1e-6 });
});

Deno.test("GlobalAveragePooling1D.forward() rejects inputs that are not [batch, steps, features] and odd masks", () => {
  const pool = new GlobalAveragePooling1D();
  assertThrowsClean(
    () => pool.forward([[1, 2]]),
    TypeError,
    /^GlobalAveragePooling1D\.forward\(\): x has shape \[1,2\] but must be \[batch, steps, features\]$/,
  );
  assertThrowsClean(
    () => pool.forward(x, [[1, 1]]),
    TypeError,
    /^GlobalAveragePooling1D\.forward\(\): mask has shape \[1,2\] but x has shape \[2,3,2\]/,
  );
  assertThrowsClean(
    () => pool.forward(x, [[1.5, 1, 1], [1, 1, 1]]),
    TypeError,
    /^GlobalAveragePooling1D\.forward\(\)/,
  );
});
