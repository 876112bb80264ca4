import assert from "node:assert/strict";
import { encodeLimits, limitsText } from "../../src/wasm/_module_encoding.ts";

Deno.test("encodeLimits() picks flag 0x00, 0x01 or 0x03", () => {
  assert.deepEqual(encodeLimits("m", { initial: 1 }), [0x00, 0x01]);
  assert.deepEqual(encodeLimits("m", { initial: 1, maximum: 300 }), [0x01, 0x01, 0xac, 0x02]);
  assert.deepEqual(encodeLimits("m", { initial: 1, maximum: 65536, shared: true }), [
    0x03,
    0x01,
    0x80,
    0x80,
    0x04,
  ]);
  assert.deepEqual(encodeLimits("m", { initial: 0, maximum: 0, shared: false }), [0x01, 0, 0]);
});

Deno.test("encodeLimits() rejects bad page counts and shared without maximum", () => {
  assert.throws(() => encodeLimits("X.y()", { initial: -1 }), /^RangeError: X\.y\(\): initial -1/);
  assert.throws(() => encodeLimits("X.y()", { initial: 1, maximum: 65537 }), RangeError);
  assert.throws(() => encodeLimits("X.y()", { initial: 1.5 }), RangeError);
  assert.throws(() => encodeLimits("X.y()", { initial: 1, shared: true }), TypeError);
});

Deno.test("limitsText() renders WAT limits", () => {
  assert.equal(limitsText({ initial: 1 }), "1");
  assert.equal(limitsText({ initial: 1, maximum: 2 }), "1 2");
  assert.equal(limitsText({ initial: 1, maximum: 65536, shared: true }), "1 65536 shared");
});
