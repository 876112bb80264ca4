/** Tests of the Keras constraints `maxNormConstraint`, `unitNormConstraint`, `nonNegConstraint`, and `applyConstraint()`. */

import assert from "node:assert/strict";
import {
  Embedding,
  EmbeddingBag,
  maxNormConstraint,
  nonNegConstraint,
  unitNormConstraint,
} from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean, rng } from "../_helpers.ts";
import { pNorm, uniforms } from "../_reference.ts";

/** Keras' norm constraints on each row (or column): `w · target(‖w‖) / (1e-7 + ‖w‖)`, norms in float64. */
function refRescale(
  t: ArrayLike<number>,
  rows: number,
  cols: number,
  byRow: boolean,
  target: (n: number) => number,
): Float32Array {
  const out = Float32Array.from(t);
  const count = byRow ? rows : cols, len = byRow ? cols : rows;
  const at = (v: number, i: number) => (byRow ? v * cols + i : i * cols + v);
  for (let v = 0; v < count; v++) {
    const norm = pNorm(Array.from({ length: len }, (_, i) => out[at(v, i)]), 2);
    for (let i = 0; i < len; i++) out[at(v, i)] = out[at(v, i)] * (target(norm) / (1e-7 + norm));
  }
  return out;
}

Deno.test("maxNormConstraint() rescales each row by Keras' formula clip(‖w‖, 0, max) / (1e-7 + ‖w‖)", () => {
  const t = Float32Array.from(uniforms(rng(1), 8 * 5, -1.5, 1.5));
  const before = Float32Array.from(t);
  maxNormConstraint({ maxValue: 1.5 }).apply(t, 8, 5);
  assertAllClose(t, refRescale(before, 8, 5, true, (n) => Math.min(n, 1.5)), { rtol: 1e-6 });
  for (let r = 0; r < 8; r++) {
    const n0 = pNorm(before.subarray(r * 5, r * 5 + 5), 2),
      n1 = pNorm(t.subarray(r * 5, r * 5 + 5), 2);
    assert.ok(n1 <= 1.5 * (1 + 1e-6), `row ${r} norm ${n1}`);
    if (n0 < 1.5) {
      assertAllClose([n1], [n0], { rtol: 1e-6, msg: "short rows keep their norm (up to 1e-7)" });
    }
  }
  // By hand: [3, 4] has norm 5 and becomes [0.6, 0.8] for maxValue 1; [0.3, 0.4] stays (to 1e-7).
  const h = new Float32Array([3, 4, 0.3, 0.4]);
  maxNormConstraint({ maxValue: 1 }).apply(h, 2, 2);
  assertAllClose(h, [0.6, 0.8, 0.3, 0.4], { rtol: 1e-6 });
});

Deno.test("maxNormConstraint() defaults to maxValue 2 on rows, and can measure columns", () => {
  const t = new Float32Array([3, 0, 4, 0]); // rows [3, 0], [4, 0]; columns [3, 4], [0, 0]
  const byRow = Float32Array.from(t), byCol = Float32Array.from(t);
  maxNormConstraint().apply(byRow, 2, 2);
  assertAllClose(byRow, [2, 0, 2, 0], { rtol: 1e-6 });
  maxNormConstraint({ axis: "column" }).apply(byCol, 2, 2);
  assertAllClose(byCol, refRescale(t, 2, 2, false, (n) => Math.min(n, 2)), { rtol: 1e-6 });
  assertAllClose(byCol, [1.2, 0, 1.6, 0], { rtol: 1e-6 });
  assert.equal(maxNormConstraint({ maxValue: 3 }).name, "maxNorm(3)");
});

Deno.test("unitNormConstraint() scales every row (or column) to norm 1; zero rows stay zero", () => {
  const t = Float32Array.from(uniforms(rng(2), 6 * 4, -3, 3));
  t.fill(0, 4, 8);
  const before = Float32Array.from(t);
  unitNormConstraint().apply(t, 6, 4);
  assertAllClose(t, refRescale(before, 6, 4, true, () => 1), { rtol: 1e-6 });
  assertBitwise(t.subarray(4, 8), [0, 0, 0, 0]);
  const c = new Float32Array([3, 1, 4, 1]);
  unitNormConstraint({ axis: "column" }).apply(c, 2, 2);
  assertAllClose(c, [0.6, Math.SQRT1_2, 0.8, Math.SQRT1_2], { rtol: 1e-6 });
});

Deno.test("nonNegConstraint() zeroes negative values only", () => {
  const t = new Float32Array([-1, 2, -0.5, 0, 3, -1e-30]);
  nonNegConstraint().apply(t, 2, 3);
  assertBitwise(t, [0, 2, 0, 0, 3, 0]);
});

Deno.test("maxNormConstraint() rejects a non-positive bound", () => {
  assertThrowsClean(
    () => maxNormConstraint({ maxValue: 0 }),
    RangeError,
    /^maxNormConstraint\(\): maxValue is 0 but must be greater than 0$/,
  );
  assertThrowsClean(
    () => maxNormConstraint({ maxValue: NaN }),
    TypeError,
    /^maxNormConstraint\(\): maxValue is NaN but must be a positive number or Infinity$/,
  );
});

Deno.test("TableModule.applyConstraint() rewrites the table in place; without a constraint it does nothing", () => {
  const table = [[3, 4], [0.3, 0.4], [-6, 8]];
  const e = new Embedding(3, 2, {
    weight: table,
    embeddingsConstraint: maxNormConstraint({ maxValue: 1 }),
  });
  const view = e.weight.dataSync();
  e.applyConstraint();
  assertAllClose(e.weight.dataSync(), refRescale(table.flat(), 3, 2, true, (n) => Math.min(n, 1)), {
    rtol: 1e-6,
  });
  assert.equal(e.weight.dataSync(), view, "in place");
  assertAllClose(e.forward([2]).dataSync(), [-0.6, 0.8], {
    rtol: 1e-6,
    msg: "later lookups see it",
  });
  const bag = new EmbeddingBag(3, 2, { weight: table, embeddingsConstraint: nonNegConstraint() });
  bag.applyConstraint();
  assertBitwise(bag.weight.dataSync(), [3, 4, 0.3, 0.4, 0, 8].map(Math.fround));
  const plain = Embedding.fromPretrained(table);
  plain.applyConstraint();
  assertBitwise(plain.weight.dataSync(), table.flat().map(Math.fround));
});

Deno.test("Embedding() rejects a constraint that is not one", () => {
  assertThrowsClean(
    () => new Embedding(3, 2, { embeddingsConstraint: (() => {}) as never }),
    TypeError,
    /^Embedding\(\): embeddingsConstraint is a function but must be a constraint/,
  );
});

Deno.test("maxNormConstraint() and unitNormConstraint() check option kinds at construction", () => {
  assertThrowsClean(
    () => maxNormConstraint({ maxValue: "3" as never, axis: "diag" as never }),
    TypeError,
    /^maxNormConstraint\(\): maxValue is "3" but must be a positive number or Infinity$/,
  );
  assertThrowsClean(
    () => maxNormConstraint({ axis: "diag" as never }),
    TypeError,
    /^maxNormConstraint\(\): axis is "diag" but must be "row" or "column"$/,
  );
  assertThrowsClean(
    () => unitNormConstraint(null as never),
    TypeError,
    /^unitNormConstraint\(\): options is null but must be an object$/,
  );
  assertThrowsClean(
    () => maxNormConstraint({ max_value: 2 } as never),
    TypeError,
    /^maxNormConstraint\(\): unknown option max_value \(did you mean maxValue\?\)$/,
  );
  assertThrowsClean(
    () => nonNegConstraint().apply(new Float32Array(4), 3, 1),
    RangeError,
    /^Constraint\.apply\(\): rows · cols is 3 · 1 but the table has 4 values$/,
  );
});
