import assert from "node:assert/strict";
import { addToBlock, blockValue, emptyBlock, Window } from "../../src/runtime/_window.ts";

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

Deno.test("blockValue() is the block's time over its time inline, its longest-beyond-inline candidate left out", () => {
  const b = emptyBlock();
  addToBlock(b, 60, 100);
  assert.equal(blockValue(b), 0.6); // One candidate: its own ratio
  addToBlock(b, 70, 100);
  addToBlock(b, 500, 50); // A collector pause: left out
  assert.equal(blockValue(b), 0.65);
  addToBlock(b, 400, 50); // A second stretched run counts
  assert.equal(blockValue(b), (60 + 70 + 400) / 250);
});
