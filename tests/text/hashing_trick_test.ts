/** Tests of `hashingTrick` against keras_preprocessing (md5), and its errors. */

import assert from "node:assert/strict";
import { hashingTrick } from "../../mod.ts";
import { assertThrowsClean } from "../_helpers.ts";
import { casesOf, label, REVIEWS } from "./_keras_cases.ts";

Deno.test("hashingTrick() equals Keras' hashing_trick(hash_function='md5') on every fixture", () => {
  const cases = casesOf("hashingTrick");
  assert.ok(cases.length >= 30);
  cases.forEach((c, i) => {
    assert.deepEqual(hashingTrick(c.text, c.n, c.options), c.expected, label(i, c));
  });
});

Deno.test("hashingTrick() gives the ten reviews' md5 indices for n = 50", () => {
  assert.deepEqual(
    REVIEWS.map((r) => hashingTrick(r, 50)),
    [[15, 31], [17, 40], [40, 49], [27, 40], [6], [1], [42, 49], [36, 17], [42, 40], [
      9,
      45,
      31,
      20,
    ]],
  );
});

Deno.test("hashingTrick() takes a custom hash with Python's floor modulo", () => {
  // (-7) % 4 is 1 in Python: index 2.
  assert.deepEqual(hashingTrick("a bb", 5, { hashFunction: (w) => -7 * w.length }), [2, 3]);
  assert.deepEqual(hashingTrick("a", 5, { hashFunction: () => 2n ** 100n + 1n }), [2]);
});

Deno.test("hashingTrick() rejects bad input, naming itself", () => {
  const F = "^hashingTrick\\(\\): ";
  const type: [() => unknown, RegExp][] = [
    [() => hashingTrick(["a"] as never, 5), /text is an array of length 1 but must be a string/],
    [() => hashingTrick("a", 2.5), /n is 2\.5 but must be an integer/],
    [() => hashingTrick("a", "5" as never), /n is "5" but must be an integer/],
    [
      () => hashingTrick("a", 5, { hashFunction: "sha1" } as never),
      /hashFunction is "sha1" but must be "md5" or a function/,
    ],
    [
      () => hashingTrick("a", 5, { hashFunction: () => 1.5 }),
      /hashFunction returned 1\.5 for "a" but must return an integer/,
    ],
    [() => hashingTrick("a\ud800", 5), /the word "a\\ud800" has a lone surrogate/],
    [() => hashingTrick("a", 5, { seed: 1 } as never), /unknown option seed/],
  ];
  for (const [fn, pattern] of type) {
    assertThrowsClean(fn, TypeError, new RegExp(F + pattern.source));
  }
  assertThrowsClean(
    () => hashingTrick("a", 1),
    RangeError,
    /^hashingTrick\(\): n is 1 but must be at least 2$/,
  );
  assertThrowsClean(() => hashingTrick("a", -3), RangeError, /n is -3 but must be at least 2/);
});
