import assert from "node:assert/strict";
import { tensor } from "../../mod.ts";
import { describe } from "../../src/tensor/_describe.ts";

Deno.test("describe() names every kind of value briefly and never throws", () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  const boom = () => {
    throw new Error("boom");
  };
  const hostile = new Proxy({}, { get: boom, getPrototypeOf: boom, has: boom });
  const getter = Object.defineProperty({}, "constructor", { get: boom });
  const sparse: unknown[] = [];
  sparse[2 ** 32 - 2] = 1;
  const cases: [unknown, string][] = [
    [null, "null"],
    [undefined, "undefined"],
    [-0, "-0"],
    [NaN, "NaN"],
    [-Infinity, "-Infinity"],
    [10n, "10n"],
    [2n ** 200n, "a BigInt of 61 digits"],
    [Symbol("s"), 'Symbol("s")'],
    [Symbol(), "a Symbol"],
    ["abc", '"abc"'],
    ["x".repeat(1000), `"${"x".repeat(40)}…" (1000 characters)`],
    [Object.create(null), "a null-prototype object"],
    [{}, "an object"],
    [sparse, "an array of length 4294967295"],
    [new Int32Array(2), "an Int32Array"],
    [new BigInt64Array(1), "a BigInt64Array"],
    [() => 1, "a function"],
    [new Map(), "a Map"],
    [tensor([1]), "a Tensor"],
    [proxy, "a revoked Proxy"],
    [hostile, "an unreadable value"],
    [getter, "an object"],
  ];
  for (const [value, want] of cases) assert.equal(describe(value), want);
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  assert.equal(describe(circular), "an object");
});
