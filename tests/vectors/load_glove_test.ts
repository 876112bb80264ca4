/**
 * loadGlove (src/vectors/load_glove.ts): a headerless GloVe file read as
 * gensim reads it with `no_header=True`; limit; malformed lines.
 */

import assert from "node:assert/strict";
import { loadGlove } from "../../mod.ts";
import { FIXTURE, FIXTURES, rejects, tempFile } from "./_files.ts";
import { assertBitwise } from "../_numeric.ts";

Deno.test("loadGlove() reads a GloVe file exactly, sizing the table from a first pass", async () => {
  const kv = await loadGlove(`${FIXTURES}small.glove.txt`);
  assert.deepEqual(kv.keys, FIXTURE.small.keys);
  assertBitwise(kv.vectors.dataSync(), new Float32Array(FIXTURE.small.glove.flat()));
  const three = await loadGlove(`${FIXTURES}small.glove.txt`, { limit: 3 });
  assert.deepEqual(three.vectors.shape, [3, 7]);
  const last = await loadGlove(tempFile("a 1 2\nb 3 4"));
  assert.deepEqual(Array.from(last.vectors.dataSync()), [1, 2, 3, 4]);
  assert.equal((await loadGlove(tempFile(""))).length, 0);
});

Deno.test("loadGlove() rejects lines whose values differ from the first line's, naming the line", async () => {
  await rejects(
    loadGlove(tempFile("a 1 2\nb 3\n")),
    RangeError,
    /loadGlove\(\): line 2 \(byte 6\) of .*: "b" has 1 values but the first line has 2/,
  );
  await rejects(
    loadGlove(tempFile("a 1 2\n\nb 3 4\n")),
    RangeError,
    /line 2 \(byte 6\).*"" has 0 values/,
  );
  await rejects(
    loadGlove(tempFile("a 1 2\nb 3 four\n")),
    RangeError,
    /line 2 \(byte 10\).*"four" is not a number/,
  );
  await rejects(loadGlove(tempFile("a 1 2\n"), { limit: 1.5 }), RangeError, /limit is 1.5/);
});

Deno.test("loadGlove() names the path of a missing file or a directory", async () => {
  const dir = Deno.makeTempDirSync();
  await rejects(
    loadGlove(`${dir}/none.txt`),
    RangeError,
    /^loadGlove\(\): path ".*none\.txt" cannot be read: no such file or directory \(ENOENT\)$/,
  );
  await rejects(loadGlove(dir), RangeError, /^loadGlove\(\): path ".*" is a directory$/);
  await rejects(
    loadGlove(tempFile("a 1\n"), { limt: 1 } as never),
    TypeError,
    /unknown option limt/,
  );
  await rejects(
    loadGlove(tempFile("a 1\n"), { onProgress: class {} } as never),
    TypeError,
    /onProgress is/,
  );
});
