/** Tests of the Keras regularisers `l1`, `l2`, `l1l2`, and of the modules' penalties. */

import assert from "node:assert/strict";
import { Embedding, EmbeddingBag, l1, l1l2, l2, tensor } from "../../mod.ts";
import { assertAllClose, assertThrowsClean, rng } from "../_helpers.ts";
import { finiteDiff, uniforms } from "../_reference.ts";

Deno.test("l1(), l2() and l1l2() penalties match hand computation (no ½ on the squares)", () => {
  const x = [1, -2, 0.5];
  assert.equal(l1(0.1).penalty(x), 0.1 * 3.5);
  assert.equal(l2(0.5).penalty(x), 0.5 * 5.25);
  assert.equal(l1l2({ l1: 0.5, l2: 0.25 }).penalty(x), 0.5 * 3.5 + 0.25 * 5.25);
  assert.equal(l1().penalty(x), 0.01 * 3.5, "Keras' default factor 0.01");
  assert.equal(l2().penalty(x), 0.01 * 5.25);
  assert.equal(l1l2().penalty(x), 0, "l1l2 defaults to zero factors");
  assert.equal(l2(1).penalty([]), 0);
});

Deno.test("Regularizer.addGradient() adds the penalty's gradient: l1·sign(x) + 2·l2·x, scaled", () => {
  const x = [1, -2, 0.5, 0];
  const out = new Float32Array([10, 10, 10, 10]);
  l1l2({ l1: 0.5, l2: 0.25 }).addGradient(x, out, 2);
  assertAllClose(out, [10 + 2 * (0.5 + 0.5), 10 + 2 * (-0.5 - 1), 10 + 2 * (0.5 + 0.25), 10], {
    rtol: 1e-7,
  });
  const plain = new Float32Array(4);
  l1(0.1).addGradient(x, plain);
  assertAllClose(plain, [0.1, -0.1, 0.1, 0], { rtol: 1e-7 });
});

Deno.test("Regularizer.addGradient() equals finite differences of penalty()", () => {
  const r = rng(5);
  const x = Float64Array.from(uniforms(r, 12, -3, 3).map((v) => (Math.abs(v) < 0.1 ? v + 0.5 : v)));
  for (const reg of [l1(0.3), l2(0.7), l1l2({ l1: 0.2, l2: 0.1 })]) {
    const g = new Float32Array(x.length);
    reg.addGradient(x, g);
    assertAllClose(g, finiteDiff((v) => reg.penalty(v), x, 1e-4), {
      rtol: 1e-5,
      atol: 1e-6,
      msg: reg.name,
    });
  }
});

Deno.test("Regularizers are named like Keras' printouts", () => {
  assert.equal(l1(0.1).name, "l1(0.1)");
  assert.equal(l2(0.01).name, "l2(0.01)");
  assert.equal(l1l2({ l1: 0.5, l2: 0.25 }).name, "l1l2(l1=0.5, l2=0.25)");
});

Deno.test("l1(), l2() and l1l2() reject bad factors, naming themselves", () => {
  assertThrowsClean(() => l1(-1), RangeError, /^l1\(\): factor is -1 but must be non-negative$/);
  assertThrowsClean(
    () => l2(NaN),
    TypeError,
    /^l2\(\): factor is NaN but must be a finite number$/,
  );
  assertThrowsClean(
    () => l1l2({ l1: 0.1, l2: -0.5 }),
    RangeError,
    /^l1l2\(\): l2 is -0\.5 but must be non-negative$/,
  );
  assertThrowsClean(
    () => l1l2({ l1: Infinity }),
    TypeError,
    /^l1l2\(\): l1 is Infinity but must be a finite number$/,
  );
  assertThrowsClean(
    () => l1("0.1" as never),
    TypeError,
    /^l1\(\): factor is "0\.1" but must be a finite number$/,
  );
});

Deno.test("TableModule.regularizationLoss() is the table's penalty, 0 without a regularizer", () => {
  const table = [[1, -2], [0.5, 0], [3, 1]];
  const e = Embedding.fromPretrained(table);
  assert.equal(e.regularizationLoss(), 0);
  const reg = new Embedding(3, 2, {
    weight: table,
    embeddingsRegularizer: l1l2({ l1: 0.1, l2: 0.01 }),
  });
  assertAllClose([reg.regularizationLoss()], [0.1 * 7.5 + 0.01 * 15.25], { rtol: 1e-12 });
  const bag = new EmbeddingBag(3, 2, { weight: table, embeddingsRegularizer: l2(1) });
  assert.equal(bag.regularizationLoss(), 15.25);
});

Deno.test("TableModule.activityLoss() is the output's penalty divided by the batch size", () => {
  const table = [[1, -2], [0.5, 0], [3, 1]];
  const e = new Embedding(3, 2, { weight: table, activityRegularizer: l1(0.1) });
  const out = e.forward([[0, 2, 2], [1, 1, 0]]); // batch of 2
  const abs = (1 + 2 + 4 + 4) + (0.5 + 0.5 + 3);
  assertAllClose([e.activityLoss(out)], [(0.1 * abs) / 2], { rtol: 1e-12 });
  const bag = new EmbeddingBag(3, 2, { weight: table, mode: "sum", activityRegularizer: l2(1) });
  const pooled = bag.forward([[0, 2], [1, 1], [2, 2]]); // rows [4, -1], [1, 0], [6, 2]
  assertAllClose([bag.activityLoss(pooled)], [(17 + 1 + 40) / 3], { rtol: 1e-12 });
  assert.equal(Embedding.fromPretrained(table).activityLoss(out), 0);
  assert.equal(e.activityLoss(tensor([], { shape: [0, 2] })), 0);
});

Deno.test("l1l2() and module regularizer options are checked at construction", () => {
  assertThrowsClean(
    () => l1l2(null as never),
    TypeError,
    /^l1l2\(\): options is null but must be an object$/,
  );
  assertThrowsClean(
    () => l1l2({ l1: NaN }),
    TypeError,
    /^l1l2\(\): l1 is NaN but must be a finite number$/,
  );
  assertThrowsClean(
    () => l1l2({ l2: -1 }),
    RangeError,
    /^l1l2\(\): l2 is -1 but must be non-negative$/,
  );
  assertThrowsClean(
    () => l2(Symbol() as never),
    TypeError,
    /^l2\(\): factor is a Symbol but must be a finite number$/,
  );
  for (const bad of [{ penalty: 5 }, { name: "x", penalty: () => 0 }, 3, "l2"]) {
    assertThrowsClean(
      () => new Embedding(2, 2, { embeddingsRegularizer: bad as never }),
      TypeError,
      /^Embedding\(\): embeddingsRegularizer is .* but must be a regularizer/,
    );
  }
  assertThrowsClean(
    () => l2(0.1).penalty([1, 2n] as never),
    TypeError,
    /^Regularizer\.penalty\(\): values\[1\] is 2n but must be a number$/,
  );
});

Deno.test("a penalty names an element of values that throws when read, and reads each once", () => {
  const values = [1, 2, 3];
  Object.defineProperty(values, 1, {
    get() {
      throw new Error("boom from an element");
    },
  });
  assert.throws(() => l1(0.1).penalty(values), {
    name: "TypeError",
    message: "Regularizer.penalty(): values[1] could not be read (boom from an element)",
  });
  const out = new Float32Array(3);
  assert.throws(
    () => l2(0.1).addGradient(values, out),
    /^TypeError: Regularizer\.addGradient\(\): values\[1\]/,
  );
  assert.deepEqual(Array.from(out), [0, 0, 0]);
  let reads = 0;
  const counted = [1, -2];
  Object.defineProperty(counted, 0, { get: () => (reads++, 3) });
  assert.equal(l1(1).penalty(counted), 5);
  assert.equal(reads, 1);
});
