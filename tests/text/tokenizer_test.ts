/** Tests of `Tokenizer` against keras_preprocessing's, and its errors. */

import assert from "node:assert/strict";
import { type Tensor, Tokenizer } from "../../mod.ts";
import { assertThrowsClean } from "../_helpers.ts";
import {
  casesOf,
  isError,
  label,
  REVIEWS,
  type SparseMatrix,
  type TokenizerCase,
} from "./_keras_cases.ts";

function fitted(c: TokenizerCase): Tokenizer {
  const tokenizer = new Tokenizer(c.options);
  if (c.fitSequences !== null) tokenizer.fitOnSequences(c.fitSequences);
  for (const batch of c.fit) tokenizer.fitOnTexts(batch);
  return tokenizer;
}

function assertMatrix(make: () => Tensor, expected: SparseMatrix | { error: string }, at: string) {
  if (isError(expected)) {
    assert.throws(make, RangeError, at);
    return;
  }
  const m = make();
  assert.deepEqual(m.shape, expected.shape, at);
  const want = new Float32Array(expected.shape[0] * expected.shape[1]);
  for (const [i, j, v] of expected.nonzero) want[i * expected.shape[1] + j] = v;
  assert.deepEqual(m.dataSync(), want, at);
}

const sortedEntries = <K, V>(entries: Iterable<[K, V]>) =>
  [...entries].sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));

Deno.test("Tokenizer equals Keras' Tokenizer on every fixture: vocabulary and sequences", () => {
  const cases = casesOf("tokenizer");
  assert.ok(cases.length >= 100);
  cases.forEach((c, n) => {
    const at = label(n, c);
    const tokenizer = fitted(c);
    assert.deepEqual([...tokenizer.wordIndex], c.wordIndex, at);
    assert.deepEqual([...tokenizer.indexWord], c.indexWord, at);
    assert.deepEqual([...tokenizer.wordCounts], c.wordCounts, at);
    assert.deepEqual(
      sortedEntries(tokenizer.wordDocs),
      sortedEntries(Object.entries(c.wordDocs)),
      at,
    );
    assert.deepEqual([...tokenizer.indexDocs].sort((a, b) => a[0] - b[0]), c.indexDocs, at);
    assert.equal(tokenizer.documentCount, c.documentCount, at);
    if (isError(c.sequences)) {
      assert.throws(() => tokenizer.textsToSequences(c.query), RangeError, at);
    } else assert.deepEqual(tokenizer.textsToSequences(c.query), c.sequences, at);
    if (isError(c.texts)) assert.throws(() => tokenizer.sequencesToTexts(c.probe), RangeError, at);
    else assert.deepEqual(tokenizer.sequencesToTexts(c.probe), c.texts, at);
  });
});

Deno.test("Tokenizer equals Keras' Tokenizer on every fixture: matrices in every mode", () => {
  casesOf("tokenizer").forEach((c, n) => {
    const tokenizer = fitted(c);
    for (const mode of ["binary", "count", "tfidf", "freq"] as const) {
      const at = `${mode}, ${label(n, c)}`;
      assertMatrix(() => tokenizer.textsToMatrix(c.query, { mode }), c.matrix[mode], at);
      assertMatrix(() => tokenizer.sequencesToMatrix(c.probe, { mode }), c.seqMatrix[mode], at);
    }
  });
});

Deno.test("Tokenizer.toJSON() writes Keras' to_json and fromJSON() reads it back unchanged", () => {
  let read = 0;
  casesOf("tokenizer").forEach((c, n) => {
    const at = label(n, c);
    const tokenizer = fitted(c);
    assert.equal(tokenizer.toJSON(), c.json, at);
    assert.equal(Tokenizer.fromJSON(tokenizer.toJSON()).toJSON(), c.json, at);
    if (c.kerasJson === undefined) return;
    read++;
    const loaded = Tokenizer.fromJSON(c.kerasJson);
    assert.equal(loaded.toJSON(), c.kerasJson, at);
    if (!isError(c.sequences)) assert.deepEqual(loaded.textsToSequences(c.query), c.sequences, at);
  });
  assert.ok(read >= 25);
});

Deno.test("Tokenizer gives the ten reviews' word index and sequences", () => {
  const tokenizer = new Tokenizer();
  tokenizer.fitOnTexts(REVIEWS);
  assert.equal(
    [...tokenizer.wordIndex].map(([w, i]) => `${w}:${i}`).join(" "),
    "work:1 done:2 good:3 effort:4 poor:5 well:6 great:7 nice:8 excellent:9 weak:10 not:11 " +
      "could:12 have:13 better:14",
  );
  assert.deepEqual(tokenizer.textsToSequences(REVIEWS), [
    [6, 2],
    [3, 1],
    [7, 4],
    [8, 1],
    [9],
    [10],
    [5, 4],
    [11, 3],
    [5, 1],
    [12, 13, 2, 14],
  ]);
});

Deno.test("Tokenizer at character level splits Chinese and astral characters by code point", () => {
  const tokenizer = new Tokenizer({ charLevel: true });
  tokenizer.fitOnTexts(["北京😀", "京𠀀"]);
  assert.deepEqual([...tokenizer.wordIndex.keys()], ["京", "北", "😀", "𠀀"]);
  assert.deepEqual(tokenizer.textsToSequences(["𠀀北"]), [[4, 2]]);
});

Deno.test("Tokenizer rejects bad options, naming itself", () => {
  const type: [unknown, RegExp][] = [
    [null, /options is null but must be an object/],
    [{ numWords: 2.5 }, /numWords is 2\.5 but must be a non-negative integer or null/],
    [{ oovToken: 1 }, /oovToken is 1 but must be a string or null/],
    [{ split: "" }, /split is "" but must be a non-empty string/],
    [{ num_words: 3 }, /unknown option num_words \(did you mean numWords\?\)/],
  ];
  for (const [o, p] of type) {
    assertThrowsClean(
      () => new Tokenizer(o as never),
      TypeError,
      new RegExp("^Tokenizer\\(\\): " + p.source),
    );
  }
  assertThrowsClean(
    () => new Tokenizer({ numWords: -1 }),
    RangeError,
    /^Tokenizer\(\): numWords is -1 but must be non-negative$/,
  );
  assert.equal(new Tokenizer({ split: "", charLevel: true }).split, "");
});

Deno.test("Tokenizer methods reject bad input and leave the tokenizer unchanged", () => {
  const tokenizer = new Tokenizer();
  tokenizer.fitOnTexts(REVIEWS);
  const before = tokenizer.toJSON();
  const bad: [() => unknown, typeof TypeError | typeof RangeError, RegExp][] = [
    [
      () => tokenizer.fitOnTexts(["good", "more work", 3] as never),
      TypeError,
      /^Tokenizer\.fitOnTexts\(\): texts\[2\] is 3 but must be a string or an array of strings$/,
    ],
    [
      () => tokenizer.fitOnTexts([["a", 1]] as never),
      TypeError,
      /texts\[0\]\[1\] is 1 but must be a string/,
    ],
    [
      () => tokenizer.fitOnTexts("good work" as never),
      TypeError,
      /^Tokenizer\.fitOnTexts\(\): texts is "good work" but must be an array/,
    ],
    [
      () => tokenizer.fitOnSequences([[1], [2, 0.5]]),
      TypeError,
      /^Tokenizer\.fitOnSequences\(\): sequences\[1\]\[1\] is 0\.5 but must be an integer$/,
    ],
    [
      () => tokenizer.textsToSequences([null] as never),
      TypeError,
      /^Tokenizer\.textsToSequences\(\): texts\[0\] is null/,
    ],
    [
      () => tokenizer.sequencesToTexts([["1"]] as never),
      TypeError,
      /^Tokenizer\.sequencesToTexts\(\): sequences\[0\]\[0\] is "1"/,
    ],
    [
      () => tokenizer.textsToMatrix(["a"], { mode: "tf" } as never),
      TypeError,
      /^Tokenizer\.textsToMatrix\(\): mode is "tf" but must be "binary", "count", "tfidf" or "freq"$/,
    ],
    [() => tokenizer.textsToMatrix(["a"], null as never), TypeError, /options is null/],
    [
      () => tokenizer.sequencesToMatrix([[1, -1]]),
      RangeError,
      /^Tokenizer\.sequencesToMatrix\(\): sequences\[0\]\[1\] is -1 but must be non-negative$/,
    ],
  ];
  for (const [fn, E, p] of bad) {
    assertThrowsClean(fn, E, p);
    assert.equal(tokenizer.toJSON(), before);
  }
});

Deno.test("Tokenizer needs a vocabulary or numWords for matrices, and a fit for tfidf", () => {
  const empty = new Tokenizer();
  assertThrowsClean(
    () => empty.sequencesToMatrix([[1]]),
    RangeError,
    /^Tokenizer\.sequencesToMatrix\(\): numWords is null and wordIndex is empty/,
  );
  const sized = new Tokenizer({ numWords: 3 });
  assert.deepEqual(sized.sequencesToMatrix([[1, 5]]).shape, [1, 3]);
  assertThrowsClean(
    () => sized.sequencesToMatrix([[1]], { mode: "tfidf" }),
    RangeError,
    /documentCount is 0 but tfidf needs a fitted tokenizer/,
  );
  const unfitted = new Tokenizer({ oovToken: "<OOV>" });
  assertThrowsClean(
    () => unfitted.textsToSequences(["a"]),
    RangeError,
    /^Tokenizer\.textsToSequences\(\): oovToken "<OOV>" has no index in wordIndex/,
  );
  assert.deepEqual(unfitted.textsToSequences([""]), [[]]);
});

Deno.test("Tokenizer.fromJSON() rejects bad JSON, naming itself", () => {
  const good = new Tokenizer();
  good.fitOnTexts(["a b"]);
  const config = JSON.parse(good.toJSON());
  const variant = (patch: Record<string, unknown>) =>
    JSON.stringify({ ...config, config: { ...config.config, ...patch } });
  const type: [unknown, RegExp][] = [
    [3, /json is 3 but must be a string/],
    ["{", /json is not valid JSON/],
    ['{"config": []}', /json has config an array of length 0 but it must be an object/],
    [variant({ nb_words: 3 }), /config has the unknown key nb_words/],
    [
      variant({ word_index: '{"a": "1"}' }),
      /config\.word_index\["a"\] is "1" but must be an integer/,
    ],
    [
      variant({ index_word: '{"x": "a"}' }),
      /config\.index_word has the key "x" but keys must be integers/,
    ],
    [variant({ word_counts: 3 }), /config\.word_counts is 3 but must be a JSON string/],
    [variant({ lower: "yes" }), /config: lower is "yes" but must be a boolean/],
  ];
  for (const [json, p] of type) {
    assertThrowsClean(
      () => Tokenizer.fromJSON(json as never),
      TypeError,
      new RegExp("^Tokenizer\\.fromJSON\\(\\): " + p.source),
    );
  }
  assertThrowsClean(
    () => Tokenizer.fromJSON(variant({ num_words: -2 })),
    RangeError,
    /^Tokenizer\.fromJSON\(\): config: numWords is -2/,
  );
});
