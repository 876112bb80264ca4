import assert from "node:assert/strict";
import { backend, setBackend } from "../../mod.ts";
import { assertThrowsClean } from "../_helpers.ts";

Deno.test("setBackend() rejects bad options by kind (TypeError) and range (RangeError), keeping the backend", () => {
  setBackend({ executor: "inline" });
  const before = backend();
  const cases: [unknown, typeof TypeError | typeof RangeError, RegExp][] = [
    [null, TypeError, /^setBackend\(\): options is null but must be an object$/],
    ["wasm", TypeError, /^setBackend\(\): options is "wasm" but must be an object$/],
    [
      { inlineBelow: "5" },
      TypeError,
      /^setBackend\(\): inlineBelow is "5" but must be "auto", a non-negative number or Infinity$/,
    ],
    [
      { inlineBelow: -1 },
      RangeError,
      /^setBackend\(\): inlineBelow is -1 but must be non-negative$/,
    ],
    [
      { workers: "2" },
      TypeError,
      /^setBackend\(\): workers is "2" but must be an integer from 1 to 64$/,
    ],
    [{ workers: 0 }, RangeError, /^setBackend\(\): workers is 0 but must be from 1 to 64$/],
    [
      { kernels: "gpu" },
      TypeError,
      /^setBackend\(\): kernels is "gpu" but must be "auto", "wasm" or "js"$/,
    ],
    [
      { inline_below: 5 },
      TypeError,
      /^setBackend\(\): unknown option inline_below \(did you mean inlineBelow\?\)$/,
    ],
  ];
  for (const [options, ErrorClass, pattern] of cases) {
    assertThrowsClean(() => setBackend(options as never), ErrorClass, pattern);
    assert.deepEqual(backend(), before);
  }
  setBackend({});
});
