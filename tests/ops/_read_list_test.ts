/**
 * Tests of `src/ops/_read_list.ts` and of the entry points that read users'
 * lists and trees through it: a hole, or an element, property or iteration
 * that throws, is a `TypeError` naming the function and the place, and a
 * class given where a function is expected is refused up front.
 */

import assert from "node:assert/strict";
import {
  applyUpdates,
  concat,
  Dense,
  grad,
  hashingTrick,
  jit,
  SGD,
  sgd,
  type Tensor,
  tensor,
  valueAndGrad,
  vjp,
} from "../../mod.ts";
import { readEntries, readList } from "../../src/ops/_read_list.ts";
import { isClass } from "../../src/tensor/_describe.ts";

/** An array whose element `at` throws when read. */
function throwingAt<T>(items: T[], at: number): T[] {
  const a = [...items];
  Object.defineProperty(a, at, {
    get() {
      throw new RangeError("boom from an element");
    },
    enumerable: true,
  });
  return a;
}

const throwingTree = () => ({
  get w(): Tensor {
    throw new Error("boom from a getter");
  },
});

function param(): Tensor<"float32"> {
  const p = tensor([1, 2]);
  p.requiresGrad = true;
  return p;
}

Deno.test("readList() reads each element once, and names a hole or a read that throws", () => {
  let reads = 0;
  const counted = [1, 2];
  Object.defineProperty(counted, 0, { get: () => (reads++, 7), enumerable: true });
  assert.deepEqual(readList(counted, "f()", "xs", "must be a number"), [7, 2]);
  assert.equal(reads, 1);
  // deno-lint-ignore no-sparse-arrays
  assert.throws(() => readList([1, , 3], "f()", "xs", "must be a number"), {
    name: "TypeError",
    message: "f(): xs[1] is an empty slot but must be a number",
  });
  assert.throws(() => readList(throwingAt([1, 2], 1), "f()", "xs", "must be a number"), {
    name: "TypeError",
    message: "f(): xs[1] could not be read (boom from an element)",
  });
  const huge: unknown[] = [];
  huge.length = 2 ** 32 - 1;
  assert.throws(() => readList(huge, "f()", "xs", "must be a number"), /xs\[0\] is an empty slot/);
});

Deno.test("readEntries() names the property whose getter throws", () => {
  assert.deepEqual(readEntries({ a: 1, b: 2 }, "f()", "tree"), [["a", 1], ["b", 2]]);
  assert.throws(() => readEntries(throwingTree(), "f()", "tree"), {
    name: "TypeError",
    message: "f(): tree.w could not be read (boom from a getter)",
  });
});

Deno.test("isClass() tells classes from functions", () => {
  assert.equal(isClass(class {}), true);
  assert.equal(isClass(class Named extends Array {}), true);
  assert.equal(isClass(() => 1), false);
  assert.equal(isClass(function f() {}), false);
  assert.equal(isClass(Math.max), false);
  assert.equal(isClass("class {}"), false);
});

Deno.test("entry points turn throwing elements and getters in users' lists and trees into TypeErrors naming themselves", () => {
  const p = param();
  const cases: [string, () => unknown][] = [
    ["concat(): xs[1] could not be read", () => concat(throwingAt([tensor([1])], 1))],
    ["SGD(): params[1] could not be read", () => new SGD(throwingAt([p], 1), { lr: 0.1 })],
    [
      "SGD(): params[0].params[0] could not be read",
      () => new SGD([{ params: throwingAt([param()], 0) }], { lr: 0.1 }),
    ],
    [
      "sgd().init(): params.w could not be read",
      () => sgd({ lr: 0.1 }).init(throwingTree() as never),
    ],
    [
      "applyUpdates(): updates.w could not be read",
      () => applyUpdates({ w: p }, throwingTree() as never),
    ],
  ];
  for (const [message, call] of cases) {
    assert.throws(
      call,
      (err: Error) => err instanceof TypeError && err.message.startsWith(message),
    );
  }
  assert.equal(p.grad, undefined);
});

Deno.test("a class where a function is expected is a TypeError naming the function", () => {
  const C = class {} as never;
  for (
    const [message, call] of [
      ["jit(): fn is a class but must be a function", () => jit(C)],
      ["grad(): fn is a class but must be a function", () => grad(C)],
      ["valueAndGrad(): fn is a class", () => valueAndGrad(C)],
      ["vjp(): fn is a class", () => vjp(C, tensor([1]))],
      [
        "hashingTrick(): hashFunction is a class",
        () => hashingTrick("a b", 5, { hashFunction: C }),
      ],
      ["Dense(): kernelInitializer is a class", () => new Dense(2, { kernelInitializer: C })],
    ] as [string, () => unknown][]
  ) {
    assert.throws(
      call,
      (err: Error) => err instanceof TypeError && err.message.startsWith(message),
    );
  }
});
