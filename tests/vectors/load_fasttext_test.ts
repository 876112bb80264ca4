/**
 * loadFastText (src/vectors/load_fasttext.ts): a `.vec` file (a space after
 * every value, as fastText writes them) read exactly; malformed files.
 */

import assert from "node:assert/strict";
import { loadFastText } from "../../mod.ts";
import { FIXTURE, FIXTURES, rejects, tempFile } from "./_files.ts";
import { assertBitwise } from "../_numeric.ts";

Deno.test("loadFastText() reads a .vec file exactly", async () => {
  const kv = await loadFastText(`${FIXTURES}small.vec`);
  assert.deepEqual(kv.keys, FIXTURE.small.keys);
  assertBitwise(kv.vectors.dataSync(), new Float32Array(FIXTURE.small.vectors.flat()));
  assert.equal((await loadFastText(`${FIXTURES}small.vec`, { limit: 2 })).length, 2);
});

Deno.test("loadFastText() rejects malformed files with the line and byte offset", async () => {
  await rejects(
    loadFastText(tempFile("1\na 1\n")),
    RangeError,
    /loadFastText\(\): line 1 \(byte 0\).*header is "1"/,
  );
  await rejects(
    loadFastText(tempFile("1 2\na 1 2 3 \n")),
    RangeError,
    /line 2 \(byte 4\).*"a" has 3 values but the header says 2/,
  );
  await rejects(loadFastText(42 as never), TypeError, /path is 42/);
});
