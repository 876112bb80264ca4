/** Tests of `padSequences` against keras_preprocessing's pad_sequences, and its errors. */

import assert from "node:assert/strict";
import { padSequences } from "../../mod.ts";
import { assertThrowsClean } from "../_helpers.ts";
import { casesOf, isError, label } from "./_keras_cases.ts";

Deno.test("padSequences() equals Keras' pad_sequences on every fixture", () => {
  const cases = casesOf("pad");
  assert.ok(cases.length >= 60);
  const seen = new Set<string>();
  cases.forEach((c, i) => {
    const at = label(i, c);
    assert.ok(!isError(c.expected), at);
    if (isError(c.expected)) return;
    for (const [k, v] of Object.entries(c.options)) {
      seen.add(`${k}=${v === null ? "null" : typeof v}`);
    }
    const out = padSequences(c.sequences, c.options);
    assert.equal(out.dtype, c.options.dtype ?? "int32", at);
    assert.deepEqual(out.shape, c.expected.shape, at);
    const want = out.dtype === "int32"
      ? Int32Array.from(c.expected.values)
      : Float32Array.from(c.expected.values);
    assert.deepEqual(out.dataSync(), want, at);
  });
  for (
    const option of [
      "maxlen=number",
      "maxlen=null",
      "dtype=string",
      "padding=string",
      "truncating=string",
      "value=number",
    ]
  ) {
    assert.ok(seen.has(option), `no fixture sets ${option}`);
  }
});

Deno.test("padSequences() pads in front and keeps the last maxlen values by default", () => {
  const out = padSequences([[1, 2, 3, 4], [5]], { maxlen: 3 });
  assert.deepEqual(out.toArraySync(), [[2, 3, 4], [0, 0, 5]]);
  const post = padSequences([[1, 2, 3, 4], [5]], {
    maxlen: 3,
    padding: "post",
    truncating: "post",
  });
  assert.deepEqual(post.toArraySync(), [[1, 2, 3], [5, 0, 0]]);
});

Deno.test("padSequences() gives zero rows or zero columns where Keras fails", () => {
  assert.deepEqual(padSequences([]).shape, [0, 0]);
  assert.deepEqual(padSequences([], { maxlen: 4 }).shape, [0, 4]);
  assert.deepEqual(padSequences([[1, 2], [3]], { maxlen: 0 }).shape, [2, 0]);
});

Deno.test("padSequences() rejects bad input, naming itself", () => {
  const F = "^padSequences\\(\\): ";
  const type: [() => unknown, RegExp][] = [
    [() => padSequences("abc" as never), /sequences is "abc" but must be an array of arrays/],
    [() => padSequences([[1], 2] as never), /sequences\[1\] is 2 but must be an array/],
    [
      () => padSequences([[1, 2.5]]),
      /sequences\[0\]\[1\] is 2\.5 but must be an integer \(dtype is int32\)/,
    ],
    [
      () => padSequences([[1, "2"]] as never, { dtype: "float32" }),
      /sequences\[0\]\[1\] is "2" but must be a number/,
    ],
    [
      () => padSequences([[1]], { value: 0.5 }),
      /value is 0\.5 but must be an integer \(dtype is int32\)/,
    ],
    [
      () => padSequences([[1]], { padding: "both" } as never),
      /padding is "both" but must be "pre" or "post"/,
    ],
    [
      () => padSequences([[1]], { truncating: "mid" } as never),
      /truncating is "mid" but must be "pre" or "post"/,
    ],
    [
      () => padSequences([[1]], { dtype: "float64" } as never),
      /dtype is "float64" but must be "int32" or "float32"/,
    ],
    [
      () => padSequences([[1]], { maxlen: 2.5 }),
      /maxlen is 2\.5 but must be a non-negative integer or null/,
    ],
    [
      () => padSequences([[1]], { maxLen: 2 } as never),
      /unknown option maxLen \(did you mean maxlen\?\)/,
    ],
    [() => padSequences([[1]], null as never), /options is null but must be an object/],
  ];
  for (const [fn, p] of type) assertThrowsClean(fn, TypeError, new RegExp(F + p.source));
  assertThrowsClean(
    () => padSequences([[1]], { maxlen: -1 }),
    RangeError,
    /^padSequences\(\): maxlen is -1 but must be non-negative$/,
  );
  assertThrowsClean(
    () => padSequences([[2 ** 31]]),
    RangeError,
    /^padSequences\(\): sequences\[0\]\[0\] is 2147483648 but int32 values lie in/,
  );
});
