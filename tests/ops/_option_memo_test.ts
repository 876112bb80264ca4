/**
 * Options a schema accepted are remembered (src/ops/_option_memo.ts): a
 * repeated options object skips zod and gives what zod gives (a fresh plain
 * object, zod's key order), while anything that was not accepted before,
 * however close to what was, goes through zod and fails exactly as it did.
 */

import assert from "node:assert/strict";
import { z } from "npm:zod@^4.1.0";
import { embeddingBagForward, tensor } from "../../mod.ts";
import { inRange, parseOptions } from "../../src/ops/_options.ts";
import { remembered } from "../../src/ops/_option_memo.ts";

const who = "f()";
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    return `${(err as Error).constructor.name}: ${(err as Error).message}`;
  }
  return "no error";
};

Deno.test("a repeated options object gives zod's output: fresh, plain, in the schema's key order", () => {
  const schema = z.strictObject({
    a: z.number().int().optional(),
    b: z.enum(["x", "y"]).optional(),
    c: z.boolean().nullable().optional(),
  });
  const first = parseOptions(schema, { c: null, b: "x", a: 3 }, who);
  const copy = Object.assign(Object.create(null), { c: null, b: "x", a: 3 });
  assert.ok(remembered(schema, copy) !== undefined, "remembered after one success");
  const again = parseOptions(schema, { c: null, b: "x", a: 3 }, who);
  assert.deepEqual(again, first);
  assert.notEqual(again, first, "a fresh object each time");
  assert.deepEqual(Object.keys(again), Object.keys(schema.parse({ c: null, b: "x", a: 3 })));
  assert.equal(Object.getPrototypeOf(again), Object.prototype);
  // A key present with `undefined` stays present, as zod keeps it.
  parseOptions(schema, { a: undefined }, who);
  assert.ok(Object.hasOwn(parseOptions(schema, { a: undefined }, who), "a"));
});

Deno.test("values never accepted go through zod: same errors after a success as before", () => {
  const schema = z.strictObject({
    n: inRange(z.number(), (v) => !Object.is(v, -0), "must not be -0").optional(),
    mode: z.enum(["sum", "mean"]).optional(),
  });
  const before = [
    message(() => parseOptions(schema, { n: -0 }, who)),
    message(() => parseOptions(schema, { mode: "avg" }, who)),
    message(() => parseOptions(schema, { n: 1, extra: 1 }, who)),
  ];
  assert.deepEqual(parseOptions(schema, { n: 0 }, who), { n: 0 });
  assert.deepEqual(parseOptions(schema, { mode: "sum" }, who), { mode: "sum" });
  assert.deepEqual(parseOptions(schema, { n: 1 }, who), { n: 1 });
  const after = [
    message(() => parseOptions(schema, { n: -0 }, who)),
    message(() => parseOptions(schema, { mode: "avg" }, who)),
    message(() => parseOptions(schema, { n: 1, extra: 1 }, who)),
  ];
  assert.deepEqual(after, before);
  assert.match(after[0], /^RangeError: f\(\): n is -0 but must not be -0$/);
  assert.match(after[1], /^TypeError: f\(\): mode is "avg" but must be/);
});

Deno.test("a schema that changes values is never remembered", () => {
  const schema = z.strictObject({ a: z.number().transform((v) => v * 2) });
  assert.deepEqual(parseOptions(schema, { a: 2 }, who), { a: 4 });
  assert.deepEqual(parseOptions(schema, { a: 2 }, who), { a: 4 });
  assert.equal(remembered(schema, Object.assign(Object.create(null), { a: 2 })), undefined);
});

Deno.test("embeddingBagForward options: a tensor offsets is remembered, other objects are not", () => {
  const w = tensor([[1, 1], [2, 2], [3, 3]]), offsets = tensor([0, 1], { dtype: "int32" });
  const bad = () => embeddingBagForward(w, [0, 1, 2], { offsets: {} as never, mode: "sum" });
  const before = message(bad);
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(embeddingBagForward(w, [0, 1, 2], { offsets, mode: "sum" }).shape, [2, 2]);
  }
  assert.equal(message(bad), before);
  assert.match(before, /^TypeError: embeddingBagForward\(\): offsets is/);
  const wrongMode = () => embeddingBagForward(w, [0, 1, 2], { offsets, mode: "avg" as never });
  assert.match(message(wrongMode), /^TypeError: embeddingBagForward\(\): mode is "avg" but must/);
});
