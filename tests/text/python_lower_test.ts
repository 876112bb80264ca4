/** Tests of Python's `str.lower()` (the lowercasing of every text tool) against Python itself. */

import assert from "node:assert/strict";
import { pythonLower } from "../../src/text/_python_lower.ts";

const fixture: { unicode: string; lower: [number, string][]; sigma: [string, string][] } = JSON
  .parse(
    await Deno.readTextFile(new URL("../fixtures/python_lower_cases.json", import.meta.url)),
  );

Deno.test("pythonLower() lowers every code point as Python 3.11's str.lower()", () => {
  const mapped = new Map(fixture.lower);
  assert.ok(mapped.size > 1400);
  for (let cp = 0; cp < 0x110000; cp++) {
    const ch = String.fromCodePoint(cp);
    const want = mapped.get(cp) ?? ch;
    if (pythonLower(ch) !== want) {
      assert.fail(`U+${cp.toString(16)}: ${pythonLower(ch)} vs ${want}`);
    }
  }
});

Deno.test("pythonLower() applies CPython's final-sigma rule in every context", () => {
  assert.ok(fixture.sigma.length >= 400);
  for (const [text, want] of fixture.sigma) {
    assert.equal(pythonLower(text), want, JSON.stringify(text));
  }
});

Deno.test("pythonLower() keeps what Python keeps: İ becomes two code points, ß stays", () => {
  assert.equal(pythonLower("İ"), "i\u0307");
  assert.equal(pythonLower("ẞ STRASSE"), "ß strasse");
  assert.equal(pythonLower("\u1c89\ua7cb"), "\u1c89\ua7cb"); // newer than Unicode 14
  assert.equal(pythonLower("a\ud800B"), "a\ud800b");
});
