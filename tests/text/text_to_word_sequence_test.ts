/** Tests of `textToWordSequence` against keras_preprocessing, and its errors. */

import assert from "node:assert/strict";
import { textToWordSequence } from "../../mod.ts";
import { assertThrowsClean } from "../_helpers.ts";
import { casesOf, label } from "./_keras_cases.ts";

Deno.test("textToWordSequence() equals Keras' text_to_word_sequence on every fixture", () => {
  const cases = casesOf("words");
  assert.ok(cases.length >= 60);
  cases.forEach((c, i) => {
    assert.deepEqual(textToWordSequence(c.text, c.options), c.expected, label(i, c));
  });
});

Deno.test("textToWordSequence() lowercases as Python does, not as the runtime does", () => {
  // U+1C89 and U+A7CB gained lowercase forms after Unicode 14 (Python 3.11): JavaScript
  // runtimes lower them, Python and Keras do not. Σ at the end of a word becomes ς.
  assert.deepEqual(textToWordSequence("\u1c89 \ua7cb ΟΔΟΣ İ"), [
    "\u1c89",
    "\ua7cb",
    "οδος",
    "i\u0307",
  ]);
  assert.deepEqual(textToWordSequence("STRASSE ẞ"), ["strasse", "ß"]);
});

Deno.test("textToWordSequence() rejects bad input, naming itself", () => {
  const F = "^textToWordSequence\\(\\): ";
  const bad: [() => unknown, RegExp][] = [
    [() => textToWordSequence(3 as never), /text is 3 but must be a string/],
    [() => textToWordSequence(null as never), /text is null but must be a string/],
    [() => textToWordSequence("a", null as never), /options is null but must be an object/],
    [() => textToWordSequence("a", { split: "" }), /split is "" but must be a non-empty string/],
    [() => textToWordSequence("a", { lower: 1 } as never), /lower is 1 but must be a boolean/],
    [
      () => textToWordSequence("a", { Lower: true } as never),
      /unknown option Lower \(did you mean lower\?\)/,
    ],
  ];
  for (const [fn, pattern] of bad) assertThrowsClean(fn, TypeError, new RegExp(F + pattern.source));
});
