/**
 * loadWord2Vec (src/vectors/load_word2vec.ts): reads the text and binary
 * files gensim wrote exactly, with `limit` and progress; drops repeated
 * words after the first as gensim does; rejects every kind of malformed file
 * with the line or byte offset.
 */

import assert from "node:assert/strict";
import { loadWord2Vec } from "../../mod.ts";
import { FIXTURE, FIXTURES, rejects, tempFile } from "./_files.ts";
import { assertBitwise, rng } from "../_numeric.ts";

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

/**
 * A binary file larger than the reader's 4 MiB window, with multi-byte
 * words, repeated words in different windows, records with and without the
 * newline word2vec.c writes, and the naive reading (whole file, one record at
 * a time) as the oracle.
 */
function bigBinary(V: number, D: number): { bytes: Uint8Array; keys: string[]; rows: number[] } {
  const r = rng(7), enc = new TextEncoder(), parts: Uint8Array[] = [enc.encode(`${V} ${D}\n`)];
  const words: string[] = [];
  for (let n = 0; n < V; n++) {
    const word = n % 997 === 500 ? words[n - 400] : n % 7 === 3 ? `naïve·${n}` : `w${n}`;
    words.push(word);
    const vec = Float32Array.from({ length: D }, () => r() * 2 - 1);
    parts.push(enc.encode(`${n % 2 ? "\n" : ""}${word} `), new Uint8Array(vec.buffer));
  }
  const bytes = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
  // The oracle: first occurrence of each word, its record's floats.
  const keys: string[] = [], rows: number[] = [], seen = new Set<string>();
  words.forEach((w, n) => seen.has(w) || (seen.add(w), keys.push(w), rows.push(n)));
  return { bytes, keys, rows };
}

/**
 * The naive reading of a `bigBinary` file (whole file, one record at a
 * time): each record's word offset, and the keys and rows kept from the
 * first `limit` records.
 */
function naive(bytes: Uint8Array, V: number, D: number, limit = V) {
  const starts: number[] = [], keys: string[] = [], rows: Float32Array[] = [];
  const seen = new Set<string>(), dec = new TextDecoder();
  let at = bytes.indexOf(10) + 1;
  for (let n = 0; n < V; n++) {
    if (bytes[at] === 10) at++;
    starts.push(at);
    const sp = bytes.indexOf(32, at), word = dec.decode(bytes.subarray(at, sp));
    if (n < limit && !seen.has(word)) {
      seen.add(word);
      keys.push(word);
      rows.push(new Float32Array(bytes.slice(sp + 1, sp + 1 + 4 * D).buffer));
    }
    at = sp + 1 + 4 * D;
  }
  const values = new Float32Array(keys.length * D);
  rows.forEach((r, i) => values.set(r, i * D));
  return { starts, keys, values };
}

Deno.test("loadWord2Vec() reads binary records across its read windows, dropping repeats in any window", async () => {
  const V = 4000, D = 600, { bytes, keys } = bigBinary(V, D);
  assert.ok(bytes.length > 2 * 4 * 2 ** 20); // three windows at least
  const path = tempFile(bytes), seen: [number, number][] = [];
  const kv = await loadWord2Vec(path, {
    binary: true,
    onProgress: (p) => seen.push([p.bytesRead, p.vectors]),
  });
  // Progress never goes back and ends at the whole file.
  assert.ok(
    seen.length > 2 &&
      seen.every(([b, v], i) => i === 0 || (b >= seen[i - 1][0] && v >= seen[i - 1][1])),
  );
  assert.equal(seen.at(-1)![0], bytes.length);
  const want = naive(bytes, V, D);
  assert.deepEqual(want.keys, keys);
  assert.deepEqual(kv.keys, keys);
  assert.ok(keys.length < V && keys.some((k) => k.startsWith("naïve")));
  assertBitwise(kv.vectors.dataSync(), want.values);
  assert.equal(kv.indexOf(keys[keys.length - 1]), keys.length - 1);
  // Limits whose tables end early in, inside and past the file's middle.
  for (const limit of [1700, 2600, 3999]) {
    const limited = await loadWord2Vec(path, { binary: true, limit });
    const cut = naive(bytes, V, D, limit);
    assert.deepEqual(limited.keys, cut.keys);
    assertBitwise(limited.vectors.dataSync(), cut.values, `limit ${limit}`);
  }
});

Deno.test("loadWord2Vec() names the byte of each malformed binary record deep in a large file", async () => {
  const V = 4000, D = 600, { bytes } = bigBinary(V, D), n = 2500;
  const s = naive(bytes, V, D).starts[n], enc = new TextEncoder(); // "w2500 " about 6 MB in
  assert.equal(String.fromCharCode(...bytes.subarray(s, s + 6)), "w2500 ");
  const where = `vector ${n + 1} of ${V} \\(byte ${s}\\) of .*: `;
  const load = (b: Uint8Array) => loadWord2Vec(tempFile(b), { binary: true });
  const words = enc.encode("a".repeat(70000)), head = bytes.subarray(0, s);
  const cat = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((k, p) => k + p.length, 0));
    parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
    return out;
  };
  const cases: [Uint8Array, string][] = [
    [bytes.slice(0, s + 6 + 100), "the vector needs 2400 bytes but the file ends after 100"],
    [bytes.slice(0, s + 3), "the file ends before the word's closing space"],
    [bytes.slice().fill(0xff, s + 1, s + 2), "the word is not valid UTF-8"],
    [cat(head, words, bytes.subarray(s)), "the word is longer than 65536 bytes"],
    [cat(head, words), "no space ends the word"],
  ];
  for (const [b, what] of cases) await rejects(load(b), RangeError, new RegExp(where + what));
});

Deno.test("loadWord2Vec() names the byte of an invalid word past the first read window", async () => {
  const V = 4000, D = 600, { bytes } = bigBinary(V, D);
  const start = bytes.length - 4 * D - 7; // the last record ("\nw3999 " + floats)
  assert.equal(String.fromCharCode(...bytes.subarray(start, start + 7)), "\nw3999 ");
  bytes[start + 2] = 0xff;
  await rejects(
    loadWord2Vec(tempFile(bytes), { binary: true }),
    RangeError,
    new RegExp(`vector 4000 of 4000 \\(byte ${start + 1}\\).*not valid UTF-8`),
  );
});

Deno.test("loadWord2Vec() keeps a leading U+FEFF in a word, as Python's decode does", async () => {
  const bom = [0xef, 0xbb, 0xbf], enc = (s: string) => [...new TextEncoder().encode(s)];
  const text = new Uint8Array([...enc("1 1\n"), ...bom, ...enc("a 1\n")]);
  assert.deepEqual((await loadWord2Vec(tempFile(text))).keys, ["\ufeffa"]);
  const bin = new Uint8Array([...enc("2 1\nb "), 0, 0, 128, 63, ...bom, ...enc("a "), 0, 0, 0, 64]);
  assert.deepEqual((await loadWord2Vec(tempFile(bin), { binary: true })).keys, ["b", "\ufeffa"]);
});
