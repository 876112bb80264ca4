import assert from "node:assert/strict";
import { Lru } from "../../src/memory/_lru.ts";

Deno.test("Lru forgets the least recently used entry when full", () => {
  const evicted: string[] = [];
  const lru = new Lru<string, number>(3, (k) => evicted.push(k));
  for (const [k, v] of [["a", 1], ["b", 2], ["c", 3]] as const) lru.set(k, v);
  assert.equal(lru.get("a"), 1); // "a" is now the most recent: "b" goes first
  lru.set("d", 4);
  assert.deepEqual(evicted, ["b"]);
  assert.equal(lru.get("b"), undefined);
  lru.set("c", 30); // a re-set refreshes "c" without evicting
  lru.set("e", 5);
  assert.deepEqual(evicted, ["b", "a"]);
  assert.equal(lru.size, 3);
  assert.deepEqual([lru.get("c"), lru.get("d"), lru.get("e")], [30, 4, 5]);
});

Deno.test("Lru stays bounded over many distinct keys", () => {
  let evictions = 0;
  const lru = new Lru<number, number>(16, () => evictions++);
  for (let i = 0; i < 1500; i++) lru.set(i, i);
  assert.equal(lru.size, 16);
  assert.equal(evictions, 1500 - 16);
  assert.equal(lru.get(1499), 1499);
  assert.equal(lru.get(1483), undefined);
  lru.clear();
  assert.equal(lru.size, 0);
});
