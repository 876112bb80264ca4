/** Tests of `oneHot`: Keras' hashing_trick with md5 (the fixtures), and its errors. */

import assert from "node:assert/strict";
import { oneHot } from "../../mod.ts";
import { assertThrowsClean } from "../_helpers.ts";
import { casesOf, label } from "./_keras_cases.ts";

Deno.test("oneHot() equals Keras' hashing_trick(hash_function='md5') on every fixture", () => {
  const cases = casesOf("oneHot");
  assert.ok(cases.length >= 20);
  cases.forEach((c, i) =>
    assert.deepEqual(oneHot(c.text, c.n, c.options), c.expected, label(i, c))
  );
});

Deno.test("oneHot() is stable: the same indices on every call and in every process", () => {
  assert.deepEqual(oneHot("Could have done better.", 50), [9, 45, 31, 20]);
  assert.deepEqual(oneHot("could HAVE done better", 50), [9, 45, 31, 20]);
});

Deno.test("oneHot() rejects bad input, naming itself", () => {
  assertThrowsClean(
    () => oneHot(1 as never, 5),
    TypeError,
    /^oneHot\(\): text is 1 but must be a string$/,
  );
  assertThrowsClean(
    () => oneHot("a", 0),
    RangeError,
    /^oneHot\(\): n is 0 but must be at least 2$/,
  );
  assertThrowsClean(
    () => oneHot("a", 5, { hashFunction: "md5" } as never),
    TypeError,
    /^oneHot\(\): unknown option hashFunction/,
  );
  assertThrowsClean(() => oneHot("a", 5, null as never), TypeError, /^oneHot\(\): options is null/);
});
