import assert from "node:assert/strict";
import { emptyBlock, weightedMedian, Window } from "../../src/runtime/_window.ts";

Deno.test("Window keeps the median of its last samples, undefined before the first", () => {
  const w = new Window(3, false);
  assert.equal(w.value, undefined);
  w.add(5);
  assert.equal(w.value, 5);
  w.add(1);
  assert.equal(w.value, 3); // Even count: the mean of the middle two
  w.add(9);
  assert.equal(w.value, 5);
  w.add(100); // Replaces 5, the oldest: 1, 9, 100
  assert.equal(w.value, 9);
  w.add(NaN); // Ignored
  assert.equal(w.value, 9);
});

Deno.test("Window with least keeps the least of its last samples", () => {
  const w = new Window(2, true);
  w.add(4);
  w.add(2);
  assert.equal(w.value, 2);
  w.add(3); // 4 leaves
  assert.equal(w.value, 2);
  w.add(6); // 2 leaves
  assert.equal(w.value, 3);
});

Deno.test("weightedMedian() weighs each ratio by its time inline", () => {
  const b = emptyBlock();
  const add = (ratio: number, us: number) => {
    b.ratios.push(ratio);
    b.weights.push(us);
    b.inline += us;
  };
  add(0.6, 100);
  add(0.7, 100);
  add(10, 50); // A stretched run does not set the value
  assert.equal(weightedMedian(b), 0.7);
  add(3, 1000); // One launch weighing more than all others together does
  assert.equal(weightedMedian(b), 3);
});
