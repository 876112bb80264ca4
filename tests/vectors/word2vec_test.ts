/**
 * Tests of `Word2Vec`: planted neighbours are found (skip-gram and CBOW),
 * the vocabulary follows gensim's rules, one task with a seed is
 * bit-reproducible on every backend, and bad input is refused.
 */

import assert from "node:assert/strict";
import { Word2Vec } from "../../src/vectors/word2vec.ts";
import { BACKENDS, useBackend, WORKER_TEST } from "../_backends.ts";
import { rng } from "../_numeric.ts";

/** Four topics of eight words; each sentence draws its words from one topic. */
function plantedCorpus(sentences: number, seed: number): string[][] {
  const r = rng(seed);
  const topics = ["a", "b", "c", "d"].map((t) => Array.from({ length: 8 }, (_, k) => `${t}${k}`));
  return Array.from({ length: sentences }, () => {
    const topic = topics[Math.floor(r() * 4)];
    return Array.from({ length: 6 + Math.floor(r() * 6) }, () => topic[Math.floor(r() * 8)]);
  });
}

function unitRows(v: Float32Array, D: number): Float32Array[] {
  const rows: Float32Array[] = [];
  for (let k = 0; k < v.length / D; k++) {
    const row = v.slice(k * D, (k + 1) * D);
    const n = Math.hypot(...row);
    rows.push(row.map((x) => x / n));
  }
  return rows;
}

/** Fraction of words whose `k` nearest neighbours all share their topic letter. */
async function plantedScore(model: Word2Vec, k: number): Promise<number> {
  const rows = unitRows(await model.vectors.data(), model.options.vectorSize);
  let good = 0;
  for (let w = 0; w < rows.length; w++) {
    const sims = rows.map((
      u,
      j,
    ) => [j === w ? -2 : u.reduce((s, x, d) => s + x * rows[w][d], 0), j]);
    sims.sort((a, b) => b[0] - a[0]);
    const topic = model.words[w][0];
    if (sims.slice(0, k).every(([, j]) => model.words[j][0] === topic)) good++;
  }
  return good / rows.length;
}

const small = { vectorSize: 16, minCount: 1, sample: 0, epochs: 8, window: 3 } as const;

Deno.test("Word2Vec.train() finds planted neighbours with skip-gram and with CBOW", async () => {
  const corpus = plantedCorpus(600, 1);
  for (const sg of [true, false]) {
    const model = await Word2Vec.train(corpus, { ...small, sg, seed: 2, workers: 1 });
    assert.equal(model.words.length, 32);
    const score = await plantedScore(model, 5);
    assert.ok(
      score >= 0.9,
      `${sg ? "skip-gram" : "CBOW"}: only ${score} of words have topic neighbours`,
    );
  }
});

Deno.test("Word2Vec.train() sorts the vocabulary by count, ties in first-seen order, and drops rare words", async () => {
  const corpus = [["x", "y", "z", "y"], ["rare", "z", "w", "x"], ["y", "x", "w", "z"]];
  const model = await Word2Vec.train(corpus, { minCount: 2, vectorSize: 4, sample: 0, epochs: 1 });
  assert.deepEqual(model.words, ["x", "y", "z", "w"]);
  assert.deepEqual(model.counts, [3, 3, 3, 2]);
  assert.equal(model.indexOf("rare"), undefined);
  assert.equal(model.indexOf("w"), 3);
  assert.deepEqual(model.vectors.shape, [4, 4]);
  assert.equal(model.wv, model.wv);
  assert.equal(model.wv.vectors, model.vectors);
  assert.deepEqual([model.wv.keys, model.wv.indexOf("w")], [model.words, 3]);
});

Deno.test(
  "Word2Vec.train() with one task and a seed gives the same vectors on every backend",
  WORKER_TEST,
  async () => {
    const corpus = plantedCorpus(150, 3);
    const runs: Float32Array[] = [];
    for (const backend of BACKENDS) {
      await useBackend(backend, async () => {
        for (const sg of [true, false]) {
          const model = await Word2Vec.train(corpus, {
            ...small,
            epochs: 2,
            sg,
            seed: 9,
            workers: 1,
          });
          runs.push(await model.vectors.data());
        }
      });
    }
    for (let k = 2; k < runs.length; k++) assert.deepEqual(runs[k], runs[k % 2], `run ${k}`);
    const other = await Word2Vec.train(corpus, {
      ...small,
      epochs: 2,
      sg: true,
      seed: 10,
      workers: 1,
    });
    assert.notDeepEqual(await other.vectors.data(), runs[0]);
  },
);

Deno.test("Word2Vec.train() streams an async iterable corpus, once per epoch plus once for the vocabulary", async () => {
  const corpus = plantedCorpus(100, 4);
  let passes = 0;
  const stream = {
    async *[Symbol.asyncIterator]() {
      passes++;
      for (const s of corpus) yield s;
    },
  };
  const seen: number[] = [];
  const model = await Word2Vec.train(stream, {
    ...small,
    epochs: 3,
    onProgress: (p) => seen.push(p.progress),
  });
  assert.equal(passes, 4);
  assert.equal(model.words.length, 32);
  assert.ok(seen.length >= 3 && Math.abs(seen.at(-1)! - 1) < 1e-12, `progress ${seen}`);
  assert.ok(seen.every((p, k) => k === 0 || p > seen[k - 1]));
});

Deno.test("Word2Vec.train() refuses bad corpora and options with TypeError or RangeError", async () => {
  const ok = [["a", "b"], ["a", "b"]];
  const who = /Word2Vec\.train\(\)/;
  const reject = (
    corpus: unknown,
    options: unknown,
    type: typeof TypeError | typeof RangeError,
    text: RegExp,
  ) =>
    assert.rejects(
      // deno-lint-ignore no-explicit-any
      () => Word2Vec.train(corpus as any, options as any),
      (e: Error) => e instanceof type && who.test(e.message) && text.test(e.message),
    );
  await reject(
    (function* () {
      yield ["a"];
    })(),
    {},
    TypeError,
    /one-shot iterator/,
  );
  await reject("a b c", {}, TypeError, /sentences is/);
  await reject(null, {}, TypeError, /sentences is null/);
  await reject([["a", 3]], {}, TypeError, /sentence 0 token 1 is 3/);
  await reject(["a b"], {}, TypeError, /sentence 0 is/);
  await reject(ok, { minCount: 3 }, RangeError, /no word occurs at least minCount \(3\)/);
  await reject(ok, null, TypeError, /options is null/);
  await reject(
    ok,
    { vector_size: 10 },
    TypeError,
    /unknown option vector_size \(did you mean vectorSize\?\)/,
  );
  await reject(ok, { vectorSize: 0 }, RangeError, /vectorSize is 0/);
  await reject(ok, { vectorSize: 2.5 }, TypeError, /vectorSize is 2\.5/);
  await reject(ok, { window: "5" }, TypeError, /window is "5"/);
  await reject(ok, { negative: 0 }, RangeError, /negative is 0/);
  await reject(ok, { alpha: 0 }, RangeError, /alpha is 0/);
  await reject(ok, { alpha: NaN }, TypeError, /alpha is NaN/);
  await reject(ok, { minAlpha: 0.5 }, RangeError, /minAlpha is 0\.5/);
  await reject(ok, { sample: -1 }, RangeError, /sample is -1/);
  await reject(ok, { sg: 1 }, TypeError, /sg is 1/);
  await reject(ok, { epochs: Infinity }, TypeError, /epochs is Infinity/);
  await reject(ok, { onProgress: 3 }, TypeError, /onProgress is 3/);
});

Deno.test("new Word2Vec() from JavaScript (the constructor is private to TypeScript) says to train a model", () => {
  const Ctor = Word2Vec as unknown as new (...args: unknown[]) => unknown;
  assert.throws(() => new Ctor(), /^TypeError: Word2Vec\(\): make a model with Word2Vec\.train/);
  assert.throws(() => new Ctor(["a"], [1], new Map(), {}, {}), TypeError);
});
