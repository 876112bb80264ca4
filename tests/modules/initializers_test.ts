/** Tests of the table initialisers (`embeddingsInitializer`): Keras' names, PyTorch's default, and functions. */

import assert from "node:assert/strict";
import { Embedding, EmbeddingBag, randn, Random, randomNormal, randomUniform } from "../../mod.ts";
import { assertBitwise, assertThrowsClean } from "../_helpers.ts";

/** Mean, standard deviation and largest magnitude of some values. */
function stats(x: ArrayLike<number>) {
  const v = Array.from(x), n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  return { mean, std, min: Math.min(...v), max: Math.max(...v) };
}

Deno.test("Embedding() defaults to PyTorch's N(0, 1), seeded", () => {
  const e = new Embedding(200, 50, { seed: 4 });
  const s = stats(e.weight.dataSync());
  assert.ok(Math.abs(s.mean) < 0.03 && Math.abs(s.std - 1) < 0.03, JSON.stringify(s));
  assertBitwise(
    new Embedding(200, 50, { seed: 4 }).weight.dataSync(),
    e.weight.dataSync(),
    "same seed, same table",
  );
  assertBitwise(
    randn([200, 50], { seed: 4 }).dataSync(),
    e.weight.dataSync(),
    "the same stream as randn()",
  );
  assertBitwise(
    new Embedding(200, 50, { seed: 4, embeddingsInitializer: "torch" }).weight.dataSync(),
    e.weight.dataSync(),
  );
});

Deno.test('Embedding() with "uniform" draws U(-0.05, 0.05), Keras\' default', () => {
  const w = new Embedding(100, 40, { embeddingsInitializer: "uniform", seed: 1 }).weight.dataSync();
  const s = stats(w);
  assert.ok(s.min >= Math.fround(-0.05) && s.max <= Math.fround(0.05), JSON.stringify(s));
  assert.ok(s.min < -0.049 && s.max > 0.049, "the whole interval is used");
  assert.ok(Math.abs(s.std - 0.1 / Math.sqrt(12)) < 0.001, `std ${s.std}`);
});

Deno.test('Embedding() with "normal" draws N(0, 0.05²), Keras\' RandomNormal', () => {
  const s = stats(
    new Embedding(100, 40, { embeddingsInitializer: "normal", seed: 2 }).weight.dataSync(),
  );
  assert.ok(Math.abs(s.mean) < 0.002 && Math.abs(s.std - 0.05) < 0.0015, JSON.stringify(s));
});

Deno.test('Embedding() with "glorotUniform" draws U(-l, l), l = sqrt(6 / (V + D))', () => {
  for (const [V, D] of [[50, 8], [1000, 16]]) {
    const limit = Math.sqrt(6 / (V + D));
    const s = stats(
      new Embedding(V, D, { embeddingsInitializer: "glorotUniform", seed: 3 }).weight.dataSync(),
    );
    assert.ok(
      s.min >= -limit * (1 + 1e-7) && s.max <= limit * (1 + 1e-7),
      `${JSON.stringify(s)} limit ${limit}`,
    );
    assert.ok(s.min < -0.97 * limit && s.max > 0.97 * limit, "the whole interval is used");
  }
});

Deno.test('Embedding() with "glorotNormal" draws a normal truncated at two standard deviations', () => {
  const V = 300, D = 100, std = Math.sqrt(2 / (V + D));
  const s = stats(
    new Embedding(V, D, { embeddingsInitializer: "glorotNormal", seed: 5 }).weight.dataSync(),
  );
  const bound = (2 * std) / 0.87962566103423978;
  assert.ok(s.min >= -bound * (1 + 1e-6) && s.max <= bound * (1 + 1e-6), JSON.stringify(s));
  // Keras scales so that the truncated distribution has the Glorot standard deviation.
  assert.ok(Math.abs(s.std / std - 1) < 0.03, `std ${s.std} vs ${std}`);
});

Deno.test('Embedding() with "zeros" and "ones" fills constants', () => {
  assertBitwise(new Embedding(3, 2, { embeddingsInitializer: "zeros" }).weight.dataSync(), [
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
  assertBitwise(new Embedding(3, 2, { embeddingsInitializer: "ones" }).weight.dataSync(), [
    1,
    1,
    1,
    1,
    1,
    1,
  ]);
});

Deno.test("Embedding() zeroes the padding row whatever the initializer", () => {
  for (const init of ["ones", "uniform", "normal", "glorotUniform", "torch"] as const) {
    const e = new Embedding(4, 3, { embeddingsInitializer: init, paddingIdx: -2, seed: 1 });
    const w = e.weight.dataSync();
    assertBitwise(w.subarray(6, 9), [0, 0, 0], init);
    assert.ok(w.subarray(0, 6).every((x) => x !== 0), `${init}: other rows are not zeroed`);
  }
});

Deno.test("Embedding() calls a function initializer with the shape and a seeded generator", () => {
  const seen: unknown[] = [];
  const init = (shape: readonly [number, number], random: { uniform(): number }) => {
    seen.push([...shape]);
    return Array.from({ length: shape[0] * shape[1] }, (_, i) => i + random.uniform() * 0);
  };
  const e = new EmbeddingBag(2, 3, { embeddingsInitializer: init, seed: 9 });
  assert.deepEqual(seen, [[2, 3]]);
  assertBitwise(e.weight.dataSync(), [0, 1, 2, 3, 4, 5]);
  const draw = (seed: number) =>
    new Embedding(2, 2, {
      seed,
      embeddingsInitializer: (s, g) => Array.from({ length: s[0] * s[1] }, () => g.uniform()),
    }).weight.dataSync();
  assertBitwise(draw(1), draw(1));
  assert.notDeepEqual(Array.from(draw(1)), Array.from(draw(2)));
});

Deno.test("randomNormal() and randomUniform() take Keras' parameters", () => {
  const n = new Embedding(100, 50, {
    embeddingsInitializer: randomNormal({ mean: 3, stddev: 0.5 }),
    seed: 6,
  });
  const s = stats(n.weight.dataSync());
  assert.ok(Math.abs(s.mean - 3) < 0.03 && Math.abs(s.std - 0.5) < 0.015, JSON.stringify(s));
  const u = stats(
    new Embedding(100, 50, {
      embeddingsInitializer: randomUniform({ minval: 1, maxval: 2 }),
      seed: 6,
    }).weight.dataSync(),
  );
  assert.ok(u.min >= 1 && u.max <= 2 && u.min < 1.01 && u.max > 1.99, JSON.stringify(u));
  const d = stats(
    new Embedding(100, 50, { embeddingsInitializer: randomUniform(), seed: 6 }).weight.dataSync(),
  );
  assert.ok(d.min >= Math.fround(-0.05) && d.max <= Math.fround(0.05));
});

Deno.test("Embedding() rejects unknown initializers and wrong-sized results", () => {
  assertThrowsClean(
    () => new Embedding(3, 2, { embeddingsInitializer: "he" as never }),
    TypeError,
    /^Embedding\(\): embeddingsInitializer is "he" but must be a function or one of normal, uniform, glorotUniform, glorotNormal, zeros, ones, torch$/,
  );
  assertThrowsClean(
    () => new Embedding(3, 2, { embeddingsInitializer: () => [1, 2] }),
    TypeError,
    /^Embedding\(\): the initializer returned 2 values but must return 6 numbers/,
  );
  assertThrowsClean(
    () => new EmbeddingBag(3, 2, { embeddingsInitializer: 5 as never }),
    TypeError,
    /^EmbeddingBag\(\): embeddingsInitializer is 5 but must be an initializer name or a function$/,
  );
});

Deno.test("randomNormal() and randomUniform() reject non-finite parameters and empty ranges at construction", () => {
  for (const v of [NaN, Infinity, -Infinity, "1"]) {
    assertThrowsClean(
      () => randomNormal({ mean: v as number }),
      TypeError,
      /^randomNormal\(\): mean is .* but must be a finite number$/,
    );
    assertThrowsClean(
      () => randomNormal({ stddev: v as number }),
      TypeError,
      /^randomNormal\(\): stddev is /,
    );
    assertThrowsClean(
      () => randomUniform({ minval: v as number }),
      TypeError,
      /^randomUniform\(\): minval is /,
    );
    assertThrowsClean(
      () => randomUniform({ maxval: v as number }),
      TypeError,
      /^randomUniform\(\): maxval is /,
    );
  }
  assertThrowsClean(
    () => randomNormal({ stddev: -1 }),
    RangeError,
    /^randomNormal\(\): stddev is -1 but must be non-negative$/,
  );
  assertThrowsClean(
    () => randomUniform({ minval: 1, maxval: 1 }),
    RangeError,
    /^randomUniform\(\): maxval is 1 but must be greater than minval \(1\)$/,
  );
  assertThrowsClean(
    () => randomNormal(null as never),
    TypeError,
    /^randomNormal\(\): options is null but must be an object$/,
  );
});

Deno.test("Embedding() looks initializer names up as own names only, with a hint for Keras' names", () => {
  for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
    assertThrowsClean(
      () => new Embedding(3, 2, { embeddingsInitializer: name as never }),
      TypeError,
      new RegExp(
        `^Embedding\\(\\): embeddingsInitializer is "${name}" but must be a function or one of normal,`,
      ),
    );
  }
  assertThrowsClean(
    () => new Embedding(3, 2, { embeddingsInitializer: "glorot_uniform" as never }),
    TypeError,
    /\(did you mean glorotUniform\?\)$/,
  );
  assertThrowsClean(
    () => new Embedding(3, 2, { embeddingsInitializer: "random_normal" as never }),
    TypeError,
    /\(did you mean normal\?\)$/,
  );
});

Deno.test("Embedding() rejects an initializer returning anything but rows·cols numbers, naming itself", () => {
  const results: [unknown, RegExp][] = [
    [null, /returned null but must return 6 numbers/],
    [Promise.resolve([1, 2, 3, 4, 5, 6]), /returned a Promise but/],
    ["123456", /returned "123456" but/],
    [new BigInt64Array(6), /returned a BigInt64Array but/],
    [[1, 2, 3, 4, 5, "6"], /returned "6" at \[5\] but/],
    [new Float64Array(5), /returned 5 values but/],
  ];
  for (const [value, pattern] of results) {
    assertThrowsClean(
      () => new EmbeddingBag(3, 2, { embeddingsInitializer: () => value as number[] }),
      TypeError,
      new RegExp(`^EmbeddingBag\\(\\): the initializer ${pattern.source}`),
    );
  }
  // NaN is a number: kept, as tensor() keeps it.
  const e = new Embedding(1, 2, { embeddingsInitializer: () => [NaN, 1] });
  assert.ok(Number.isNaN(e.weight.dataSync()[0]));
});

Deno.test("Embedding() fills built-in initialisers in place with the values of the generator's stream", () => {
  const [V, D, seed] = [37, 5, 21];
  const loop = (f: (g: Random) => number) => {
    const g = new Random(seed);
    return Float32Array.from({ length: V * D }, () => f(g));
  };
  const glorotNormal = (g: Random) => {
    let z = g.normal();
    while (Math.abs(z) > 2) z = g.normal();
    return (Math.sqrt(2 / (V + D)) / 0.87962566103423978) * z;
  };
  const cases = [
    ["torch", (g: Random) => g.normal()],
    ["normal", (g: Random) => 0 + 0.05 * g.normal()],
    ["uniform", (g: Random) => -0.05 + 0.1 * g.uniform()],
    ["glorotUniform", (g: Random) => Math.sqrt(6 / (V + D)) * (2 * g.uniform() - 1)],
    ["glorotNormal", glorotNormal],
    ["zeros", () => 0],
    ["ones", () => 1],
  ] as const;
  for (const [name, f] of cases) {
    const e = new Embedding(V, D, { seed, embeddingsInitializer: name });
    assertBitwise(e.weight.dataSync(), loop(f), name);
  }
  const n = new Embedding(V, D, {
    seed,
    embeddingsInitializer: randomNormal({ mean: 1, stddev: 3 }),
  });
  assertBitwise(n.weight.dataSync(), loop((g) => 1 + 3 * g.normal()), "randomNormal(options)");
  const u = new Embedding(V, D, {
    seed,
    embeddingsInitializer: randomUniform({ minval: 2, maxval: 5 }),
  });
  assertBitwise(u.weight.dataSync(), loop((g) => 2 + 3 * g.uniform()), "randomUniform(options)");
  // Called directly, the initializer functions return the same values (as float64).
  assertBitwise(
    Float32Array.from(randomUniform({ minval: 2, maxval: 5 })([V, D], new Random(seed))),
    loop((g) => 2 + 3 * g.uniform()),
  );
});
