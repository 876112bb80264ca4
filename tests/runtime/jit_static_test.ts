/** Tests of `jit`'s static arguments: exact keys (Object.is semantics), and clean errors for what cannot be keyed. */

import assert from "node:assert/strict";
import {
  Embedding,
  embeddingBagForward,
  embeddingForward,
  jit,
  type Tensor,
  tensor,
} from "../../mod.ts";
import { rng } from "../_helpers.ts";
import { uniforms } from "../_reference.ts";
import { assertReplayEqualsEager, counted } from "./_jit_helpers.ts";

type F32 = Tensor<"float32">;
const table = (seed: number, V = 6, D = 3) =>
  tensor(Float32Array.from(uniforms(rng(seed), V * D, -4, 4)), { shape: [V, D] });

Deno.test("jit() replays maxNorm options exactly like eager calls, NaN and infinities included", async () => {
  const lookup = (w: F32, ids: Int32Array, o: { maxNorm?: unknown; normType?: unknown }) =>
    embeddingForward(w, ids, o as { maxNorm?: number });
  const f = jit(lookup);
  const options = [
    { maxNorm: Infinity },
    { maxNorm: NaN },
    { maxNorm: -Infinity },
    { maxNorm: 1 },
    { maxNorm: 0 },
    { maxNorm: -0 },
    { maxNorm: null },
    { maxNorm: undefined },
    {},
    { maxNorm: "1" },
    { maxNorm: 1, normType: Infinity },
    { maxNorm: 1, normType: NaN },
    { maxNorm: Infinity },
    { maxNorm: NaN },
  ];
  for (const [i, o] of options.entries()) {
    for (const seed of [i, i + 100]) {
      await assertReplayEqualsEager(
        f,
        lookup,
        () => [table(seed), Int32Array.from([seed % 6, 5, 0]), o],
        `options ${i} ${JSON.stringify(o)}`,
      );
    }
  }
});

Deno.test("jit() keys static arguments by Object.is, so values JSON confuses get their own traces", async () => {
  const w = table(1);
  const pairs: [string, unknown, unknown][] = [
    ["NaN / Infinity", NaN, Infinity],
    ["Infinity / -Infinity", Infinity, -Infinity],
    ["NaN / null", NaN, null],
    ["0 / -0", 0, -0],
    ["undefined / null", undefined, null],
    ["undefined key / missing key", { a: undefined }, {}],
    ['"3" / 3', "3", 3],
    ["true / 1", true, 1],
    ['"" / null', "", null],
    ["array / object", [1], { 0: 1 }],
    ["hole / undefined", [, 1], [undefined, 1]],
    ["null prototype / plain", Object.create(null), {}],
    ["key order", { a: 1, b: 2 }, { b: 2, a: 1 }],
    ["typed array type", new Uint8Array([1, 2]), new Uint16Array([1, 2])],
    ["typed array content", new Uint8Array([1, 2]), new Uint8Array([1, 3])],
    ["typed array 0 / -0", new Float64Array([0, 1]), new Float64Array([-0, 1])],
    ["nested NaN / null", { o: [{ maxNorm: NaN }] }, { o: [{ maxNorm: null }] }],
    ["string escapes", 'a";s"b', "a"],
    [
      "big sparse array",
      Object.assign(new Array(1e9), { 5: 1 }),
      Object.assign(new Array(1e9), { 6: 1 }),
    ],
  ];
  for (const [what, a, b] of pairs) {
    const c = counted((_w: F32, _s: unknown) => embeddingForward(_w, [0]));
    const f = jit(c.fn);
    await f(w, a);
    await f(w, b);
    assert.equal(c.calls, 2, `${what}: traced twice`);
    await f(w, a);
    await f(w, b);
    assert.equal(c.calls, 2, `${what}: both replayed`);
  }
  const equal: [string, unknown, unknown][] = [
    ["NaN", { maxNorm: NaN }, { maxNorm: NaN }],
    ["arrays", [[1, 2], [3]], [[1, 2], [3]]],
    ["shared, not circular", ((o) => [o, o])({ x: 1 }), [{ x: 1 }, { x: 1 }]],
    ["typed arrays", new Uint8Array([4]), new Uint8Array([4])],
  ];
  for (const [what, a, b] of equal) {
    const c = counted((_w: F32, _s: unknown) => embeddingForward(_w, [0]));
    const f = jit(c.fn);
    await f(w, a);
    await f(w, b);
    assert.equal(c.calls, 1, `${what}: equal values share a trace`);
  }
});

Deno.test("jit() bag options as static values: every replay equals the eager call", async () => {
  const bag = (w: F32, ids: Int32Array, o: Record<string, unknown>) =>
    embeddingBagForward(w, ids, o as { mode: "sum" });
  const f = jit(bag);
  const options: Record<string, unknown>[] = [
    { offsets: [0, 2], mode: "sum" },
    { offsets: [0, 2], mode: "mean" },
    { offsets: [0, 2], mode: "max", paddingIdx: 0 },
    { offsets: [0, 2], mode: "max", paddingIdx: -0 },
    { offsets: [0, 2], mode: "sum", paddingIdx: NaN },
    { offsets: [0, 2], mode: "sum", maxNorm: NaN },
    { offsets: [0, 4], mode: "sum", includeLastOffset: true },
    { offsets: [0, 2], mode: "sum", includeLastOffset: undefined },
    { offsets: [0, 2], mode: "sum", extra: 1 },
  ];
  for (let round = 0; round < 2; round++) {
    for (const [i, o] of options.entries()) {
      await assertReplayEqualsEager(
        f,
        bag,
        () => [table(i + 10 * round), Int32Array.from([round, 5, 2, 0]), o],
        `options ${i}`,
      );
    }
  }
});

Deno.test("jit() rejects arguments it cannot key with a TypeError naming jit and the place", async () => {
  const f = jit(function key(_w: F32, _x: unknown) {
    return embeddingForward(_w, [0]);
  });
  const w = table(2);
  const circular: Record<string, unknown> = { a: 1 };
  circular.self = circular;
  const loop: unknown[] = [1];
  loop.push([loop]);
  const cases: [unknown, RegExp][] = [
    [12n, /^jit\(key\): argument 1 is a BigInt \(12n\) but jit arguments must be/],
    [{ o: [1, 2n] }, /^jit\(key\): argument 1\.o\[1\] is a BigInt \(2n\)/],
    [Symbol("s"), /^jit\(key\): argument 1 is a Symbol \(Symbol\(s\)\)/],
    [{ f: () => 1 }, /^jit\(key\): argument 1\.f is a function/],
    [
      circular,
      /^jit\(key\): argument 1\.self refers back to argument 1 but jit arguments must not be circular$/,
    ],
    [loop, /^jit\(key\): argument 1\[1\]\[0\] refers back to argument 1 /],
    [
      new Map(),
      /^jit\(key\): argument 1 is a Map but jit arguments must be .*capture other values in a closure\)$/,
    ],
    [{ s: new Set([1]) }, /argument 1\.s is a Set/],
    [new Date(0), /argument 1 is a Date/],
    [new Embedding(3, 2), /argument 1 is a Embedding/],
    [Promise.resolve(1), /argument 1 is a Promise/],
    [new DataView(new ArrayBuffer(4)), /argument 1 is a DataView/],
    [{ [Symbol("k")]: 1 }, /argument 1 has Symbol keys/],
  ];
  for (const [value, message] of cases) {
    await assert.rejects(
      f(w, value),
      (e: Error) => e instanceof TypeError && message.test(e.message) && !e.message.endsWith("."),
    );
  }
  let deep: unknown[] = [];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  await assert.rejects(
    f(w, deep),
    /^RangeError: jit\(key\): argument 1(\[0\])+ is nested more than 1000 levels deep$/,
  );
  assert.deepEqual(
    Array.from((await f(w, { fine: [1, "2", null] })).dataSync()),
    Array.from(w.dataSync().subarray(0, 3)),
  );
});

Deno.test("jit() validates its options", () => {
  const fn = (w: F32) => embeddingForward(w, [0]);
  const cases: [unknown, typeof TypeError, RegExp][] = [
    [null, TypeError, /^jit\(\): options is null but must be an object$/],
    [3, TypeError, /^jit\(\): options is 3 but must be an object$/],
    [
      { cachesize: 3 },
      TypeError,
      /^jit\(\): unknown option cachesize \(known: cacheSize, donate\)$/,
    ],
    [{ cacheSize: "5" }, TypeError, /^jit\(\): cacheSize is "5" but must be a positive integer$/],
    [{ cacheSize: 0 }, RangeError, /^jit\(\): cacheSize is 0 but must be a positive integer$/],
    [{ cacheSize: 1.5 }, RangeError, /cacheSize is 1.5 but/],
    [{ cacheSize: NaN }, RangeError, /cacheSize is NaN but/],
    [{ cacheSize: Infinity }, RangeError, /cacheSize is Infinity but/],
  ];
  for (const [options, Class, message] of cases) {
    assert.throws(
      () => jit(fn, options as never),
      (e: Error) => e instanceof Class && message.test(e.message),
    );
  }
  assert.equal(typeof jit(fn, { cacheSize: 1 }), "function");
});
