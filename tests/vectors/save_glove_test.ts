/**
 * saveGlove (src/vectors/save_glove.ts): a headerless file that loadGlove
 * (and gensim with `no_header=True`) reads back exactly.
 */

import assert from "node:assert/strict";
import { KeyedVectors, loadGlove, saveGlove } from "../../mod.ts";
import { rejects, table, tempPath } from "./_files.ts";
import { assertBitwise } from "../_numeric.ts";

Deno.test("saveGlove() writes lines without a header that read back exactly", async () => {
  const kv = new KeyedVectors(["a", "b", "c"], table(3, 4, 1));
  const path = tempPath("g.txt");
  await saveGlove(kv, path);
  const text = Deno.readTextFileSync(path);
  assert.equal(text.split("\n").length, 4);
  assert.ok(text.startsWith("a "));
  const back = await loadGlove(path);
  assert.deepEqual(back.keys, ["a", "b", "c"]);
  assertBitwise(back.vectors.dataSync(), kv.vectors.dataSync());
});

Deno.test("saveGlove() rejects keys the format cannot hold, writing nothing", async () => {
  const path = tempPath("g.txt");
  await rejects(
    saveGlove(new KeyedVectors(["a\nb"], [[1]]), path),
    RangeError,
    /saveGlove\(\): key 0 is "a\\nb"/,
  );
  assert.throws(() => Deno.statSync(path));
});

Deno.test("saveGlove() rejects a lone surrogate, a disposed table and a directory, leaving the old file", async () => {
  const path = tempPath("g.txt");
  Deno.writeTextFileSync(path, "old");
  await rejects(
    saveGlove(new KeyedVectors(["a\ud800"], [[1]]), path),
    RangeError,
    /key 0 is "a\\ud800", which holds a lone surrogate/,
  );
  const kv = new KeyedVectors(["a"], [[1]]);
  kv.vectors.dispose();
  await rejects(
    saveGlove(kv, path),
    TypeError,
    /^saveGlove\(\): vectors.vectors is a disposed tensor/,
  );
  const dir = path.slice(0, path.lastIndexOf("/"));
  await rejects(
    saveGlove(new KeyedVectors(["a"], [[1]]), dir),
    RangeError,
    /^saveGlove\(\): path ".*" is a directory$/,
  );
  assert.equal(Deno.readTextFileSync(path), "old");
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["g.txt"]);
});
