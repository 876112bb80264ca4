/**
 * The guards around every options parse: an array option with holes (a
 * sparse array of length 2^32 - 2 included) is a TypeError at the first
 * hole, before zod walks it (it ran the process out of memory), and a value
 * whose getters throw while zod reads it is a TypeError naming the option.
 */

import assert from "node:assert/strict";
import {
  Dense,
  Embedding,
  embeddingBagForward,
  mean,
  Sequential,
  sum,
  tensor,
  textToWordSequence,
} from "../../mod.ts";
import { assertThrowsClean } from "../_helpers.ts";
import { firstHole } from "../../src/ops/_option_guards.ts";

const huge = (at: number) => Object.assign(new Array(2 ** 32 - 2), { [at]: 1 });

function throwingGetters(): object {
  const o = {};
  for (const key of ["0", "length", "mode"]) {
    Object.defineProperty(o, key, {
      enumerable: true,
      get() {
        throw new RangeError("boom from a getter");
      },
    });
  }
  return o;
}

Deno.test("firstHole() finds the first missing index from the present keys only", () => {
  assert.equal(firstHole([]), -1);
  assert.equal(firstHole([1, 2, 3]), -1);
  assert.equal(firstHole([1, , 3]), 1);
  assert.equal(firstHole(new Array(3)), 0);
  assert.equal(firstHole(Object.assign([1, 2], { extra: 1 })), -1);
  assert.equal(firstHole(Object.assign([1, , 3], { extra: 1 })), 1);
  assert.equal(firstHole(huge(0)), 1);
  assert.equal(firstHole(huge(5)), 0);
});

Deno.test("options holding a huge sparse array are a TypeError at the first hole", () => {
  const x = tensor([[1, 2], [3, 4]]);
  for (const [f, name] of [[sum, "sum"], [mean, "mean"]] as const) {
    assertThrowsClean(
      () => f(x, { axis: huge(5) }),
      TypeError,
      new RegExp(
        `^${name}\\(\\): axis\\[0\\] is an empty slot but axis must be an integer or an array of integers$`,
      ),
      [x],
    );
  }
  assertThrowsClean(
    () => new Embedding(3, 2, { inputLength: huge(0) }),
    TypeError,
    /^Embedding\(\): inputLength\[1\] is an empty slot but must hold a value$/,
  );
  const model = new Sequential([new Dense(1)]);
  assertThrowsClean(
    () => model.compile({ loss: "mse", optimizer: "sgd", metrics: huge(3) as never }),
    TypeError,
    /^Sequential\.compile\(\): metrics\[0\] is an empty slot but metrics must be/,
  );
  const w = tensor([[1, 2], [3, 4], [5, 6]]);
  assertThrowsClean(
    () => embeddingBagForward(w, [0, 1, 2], { offsets: [0, , 2] as number[] }),
    TypeError,
    /^embeddingBagForward\(\): offsets\[1\] is an empty slot but offsets must be/,
    [w],
  );
  // Dense arrays still parse.
  assert.deepEqual(Array.from(sum(x, { axis: [0, 1] }).dataSync()), [10]);
});

Deno.test("an option whose getters throw while it is parsed is a TypeError naming the option", () => {
  assertThrowsClean(
    () => textToWordSequence("a b", { split: throwingGetters() as never }),
    TypeError,
    /^textToWordSequence\(\): options\.split could not be read \(boom from a getter\)$/,
  );
  assert.deepEqual(textToWordSequence("a,b", { split: "," }), ["a", "b"]);
});
