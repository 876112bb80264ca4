/**
 * The number helpers of the text formats (src/vectors/_floats.ts): numpy's
 * float32 repr (fixture from numpy 1.24), and a parser that agrees with
 * `Number()` on Python float syntax and rejects what Python rejects.
 */

import assert from "node:assert/strict";
import { parseNumber, reprFloat32 } from "../../src/vectors/_floats.ts";
import { FIXTURE } from "./_files.ts";
import { rng } from "../_numeric.ts";

Deno.test("reprFloat32() writes numpy's repr of float32 values", () => {
  for (const [x, repr] of FIXTURE.reprs as [number, string][]) {
    assert.equal(reprFloat32(x === 0 && repr === "-0.0" ? -0 : x), repr, `${x}`);
  }
  assert.deepEqual([reprFloat32(NaN), reprFloat32(Infinity), reprFloat32(-Infinity)], [
    "nan",
    "inf",
    "-inf",
  ]);
});

const bytes = (s: string) => new TextEncoder().encode(s);
const parse = (s: string) => parseNumber(bytes(s), 0, s.length);

Deno.test("parseNumber() reads Python float syntax as Number() does", () => {
  const r = rng(3);
  const texts = [
    "0",
    "-0",
    "1.5",
    "+2.",
    ".25",
    "1e5",
    "1E-5",
    "-3.25e+20",
    "123456789012345678901",
    "0.1000000000000000055511151231257827",
    "1e-320",
    "7e22",
    "7e23",
  ];
  for (let i = 0; i < 300; i++) {
    texts.push(
      ((r() - 0.5) * 10 ** Math.floor(r() * 12 - 6)).toPrecision(1 + Math.floor(r() * 17)),
    );
  }
  for (const t of texts) assert.ok(Object.is(parse(t), Number(t)), t);
  assert.ok(Number.isNaN(parse("nan")) && Number.isNaN(parse("-NaN")));
  assert.deepEqual([parse("inf"), parse("-Infinity"), parse("+INF")], [
    Infinity,
    -Infinity,
    Infinity,
  ]);
  for (const bad of ["", "-", ".", "e5", "1e", "1.2.3", "0x10", "1_000", "Infinityx", " 1", "1 "]) {
    assert.equal(parse(bad), undefined, JSON.stringify(bad));
  }
});
