/**
 * loadWord2Vec (src/vectors/load_word2vec.ts): reads the text and binary
 * files gensim wrote exactly, with `limit` and progress; drops repeated
 * words after the first as gensim does; rejects every kind of malformed file
 * with the line or byte offset. Files larger than the read windows:
 * load_word2vec_large_test.ts.
 */

import assert from "node:assert/strict";
import { loadWord2Vec } from "../../mod.ts";
import { FIXTURE, FIXTURES, rejects, tempFile } from "./_files.ts";
import { assertBitwise } from "../_numeric.ts";

const keys: string[] = FIXTURE.small.keys;
const values = new Float32Array(FIXTURE.small.vectors.flat());

Deno.test("loadWord2Vec() reads gensim's text and binary files exactly", async () => {
  for (const binary of [false, true]) {
    const kv = await loadWord2Vec(`${FIXTURES}small.w2v.${binary ? "bin" : "txt"}`, { binary });
    assert.deepEqual(kv.keys, keys);
    assertBitwise(kv.vectors.dataSync(), values, `binary=${binary}`);
    assert.deepEqual(kv.vectors.shape, [40, 7]);
  }
});

Deno.test("loadWord2Vec() reads the first `limit` vectors and reports progress", async () => {
  for (const binary of [false, true]) {
    const seen: number[] = [];
    const path = `${FIXTURES}small.w2v.${binary ? "bin" : "txt"}`;
    const kv = await loadWord2Vec(path, {
      binary,
      limit: 5,
      onProgress: (p) => {
        assert.equal(p.totalBytes, Deno.statSync(path).size);
        seen.push(p.vectors);
      },
    });
    assert.deepEqual(kv.keys, keys.slice(0, 5));
    assertBitwise(kv.vectors.dataSync(), values.slice(0, 35));
    assert.equal(seen.at(-1), 5);
    assert.equal((await loadWord2Vec(path, { binary, limit: 0 })).length, 0);
  }
});

Deno.test("loadWord2Vec() keeps the first vector of a repeated word, as gensim", async () => {
  const path = tempFile("3 2\na 1 2\nb 3 4\na 5 6\n");
  const kv = await loadWord2Vec(path);
  assert.deepEqual(kv.keys, ["a", "b"]);
  assert.deepEqual(Array.from(kv.vectors.dataSync()), [1, 2, 3, 4]);
  const bin = new Uint8Array([
    ...new TextEncoder().encode("2 1\nx "),
    0,
    0,
    128,
    63,
    10,
    ...new TextEncoder().encode("x "),
    0,
    0,
    0,
    64,
  ]);
  const b = await loadWord2Vec(tempFile(bin), { binary: true });
  assert.deepEqual([b.keys, Array.from(b.vectors.dataSync())], [["x"], [1]]);
});

Deno.test("loadWord2Vec() accepts word2vec.c's trailing spaces, CRLF, a missing final newline and Python float forms", async () => {
  const kv = await loadWord2Vec(tempFile("3 2\r\na 1 -2 \r\nb inf NaN\nc +.5 1E3"));
  assert.deepEqual(kv.keys, ["a", "b", "c"]);
  assertBitwise(kv.vectors.dataSync(), new Float32Array([1, -2, Infinity, NaN, 0.5, 1000]));
});

Deno.test("loadWord2Vec() rejects malformed text files with the line and byte offset", async () => {
  const cases: [string, RegExp][] = [
    ["2 x\na 1\n", /line 1 \(byte 0\) of .*: the header is "2 x" but must be "V D"/],
    ["", /line 1 \(byte 0\).*the header is ""/],
    ["2 2\na 1 2\nb 1\n", /line 3 \(byte 10\) of .*: "b" has 1 values but the header says 2/],
    ["2 2\na 1 2\nb 1 2 3\n", /line 3 \(byte 10\).*"b" has 3 values/],
    ["2 2\na 1 2\nb 1 x2\n", /line 3 \(byte 14\) of .*: "x2" is not a number/],
    ["2 2\na 1  2\n", /line 2 \(byte 8\).*"" is not a number/],
    ["2 2\na 1 0x1\n", /"0x1" is not a number/],
    ["3 2\na 1 2\nb 3 4\n", /line 4 \(byte 16\) of .*: the file ends after 2 of 3 vectors/],
  ];
  for (const [text, pattern] of cases) {
    await rejects(loadWord2Vec(tempFile(text)), RangeError, pattern);
  }
  const bad = new Uint8Array([...new TextEncoder().encode("1 1\n"), 0xff, 0x61, 32, 49, 10]);
  await rejects(loadWord2Vec(tempFile(bad)), RangeError, /line 2 \(byte 4\).*not valid UTF-8/);
});

Deno.test("loadWord2Vec() rejects malformed binary files with the byte offset", async () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const full = Deno.readFileSync(`${FIXTURES}small.w2v.bin`);
  await rejects(
    loadWord2Vec(tempFile(full.slice(0, full.length - 3)), { binary: true }),
    RangeError,
    /vector 40 of 40 \(byte \d+\) of .*: the vector needs 28 bytes but the file ends after 25/,
  );
  await rejects(
    loadWord2Vec(tempFile(new Uint8Array([...enc("1 1\nabc")])), { binary: true }),
    RangeError,
    /vector 1 of 1 \(byte 4\).*the file ends before the word's closing space/,
  );
  await rejects(
    loadWord2Vec(tempFile(new Uint8Array([...enc("1 1\n"), 0xc3, 32, 0, 0, 0, 0])), {
      binary: true,
    }),
    RangeError,
    /vector 1 of 1 \(byte 4\).*not valid UTF-8/,
  );
  await rejects(loadWord2Vec(tempFile(enc("1 one\n")), { binary: true }), RangeError, /header/);
});

Deno.test("loadWord2Vec() rejects bad arguments", async () => {
  await rejects(
    loadWord2Vec(""),
    TypeError,
    /loadWord2Vec\(\): path is "" but must be a non-empty string/,
  );
  await rejects(loadWord2Vec(`${FIXTURES}small.w2v.txt`, { limit: -1 }), RangeError, /limit is -1/);
  await rejects(
    loadWord2Vec(`${FIXTURES}small.w2v.txt`, { binary: 1 as never }),
    TypeError,
    /binary is 1/,
  );
  await rejects(
    loadWord2Vec(`${FIXTURES}small.w2v.txt`, { onProgress: 3 as never }),
    TypeError,
    /onProgress is 3/,
  );
  await assert.rejects(loadWord2Vec(`${FIXTURES}missing.txt`));
});

Deno.test("loadWord2Vec() keeps a leading U+FEFF in a word, as Python's decode does", async () => {
  const bom = [0xef, 0xbb, 0xbf], enc = (s: string) => [...new TextEncoder().encode(s)];
  const text = new Uint8Array([...enc("1 1\n"), ...bom, ...enc("a 1\n")]);
  assert.deepEqual((await loadWord2Vec(tempFile(text))).keys, ["\ufeffa"]);
  const bin = new Uint8Array([...enc("2 1\nb "), 0, 0, 128, 63, ...bom, ...enc("a "), 0, 0, 0, 64]);
  assert.deepEqual((await loadWord2Vec(tempFile(bin), { binary: true })).keys, ["b", "\ufeffa"]);
});
