/**
 * saveWord2Vec (src/vectors/save_word2vec.ts): writes byte for byte what
 * gensim's `save_word2vec_format` wrote; round trips; a failed save leaves
 * the target as it was and no temporary file.
 */

import assert from "node:assert/strict";
import { KeyedVectors, loadWord2Vec, saveWord2Vec } from "../../mod.ts";
import { FIXTURES, rejects, sameBytes, table, tempPath } from "./_files.ts";
import { assertBitwise } from "../_numeric.ts";

Deno.test("saveWord2Vec() writes the bytes gensim writes, text and binary", async () => {
  for (const binary of [false, true]) {
    const ext = binary ? "bin" : "txt";
    const kv = await loadWord2Vec(`${FIXTURES}small.w2v.${ext}`, { binary });
    const path = tempPath(`out.${ext}`);
    await saveWord2Vec(kv, path, { binary });
    assert.ok(sameBytes(path, `${FIXTURES}small.w2v.${ext}`), ext);
  }
});

Deno.test("saveWord2Vec() round trips random vectors and special values through both formats", async () => {
  const values = table(300, 13, 5);
  values.set([NaN, Infinity, -Infinity, -0, 1e-45, 3.4e38], 0);
  const kv = new KeyedVectors(Array.from({ length: 300 }, (_, i) => `k${i}é`), values);
  for (const binary of [false, true]) {
    const path = tempPath("rt");
    await saveWord2Vec(kv, path, { binary });
    const back = await loadWord2Vec(path, { binary });
    assert.deepEqual(back.keys, kv.keys);
    assertBitwise(back.vectors.dataSync(), values, `binary=${binary}`);
  }
});

Deno.test("saveWord2Vec() leaves an existing file as it was when the save fails", async () => {
  const path = tempPath("keep.txt");
  Deno.writeTextFileSync(path, "old");
  const dir = path.slice(0, path.lastIndexOf("/"));
  const bad = new KeyedVectors(["ok", "two words"], [[1], [2]]);
  await rejects(
    saveWord2Vec(bad, path),
    RangeError,
    /saveWord2Vec\(\): key 1 is "two words", which the format cannot hold/,
  );
  assert.equal(Deno.readTextFileSync(path), "old");
  await assert.rejects(saveWord2Vec(new KeyedVectors(["a"], [[1]]), dir)); // a directory: the rename fails
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["keep.txt"]);
  await rejects(
    saveWord2Vec({} as never, path),
    TypeError,
    /vectors is an object but must be a KeyedVectors/,
  );
  await rejects(saveWord2Vec(bad, path, { binary: "yes" as never }), RangeError, /key 1/);
});
