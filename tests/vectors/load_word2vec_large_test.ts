/**
 * loadWord2Vec (src/vectors/load_word2vec.ts) on binary files larger than
 * its read windows: the first 64 KiB through the page cache, then direct
 * reads into the table's memory, then the page cache again for the records
 * past the table's end. Records across windows, repeated words in any of
 * them, limits that end anywhere, progress, and every malformed record kind
 * deep in the file, with the naive reading of the whole file as the oracle.
 */

import assert from "node:assert/strict";
import { loadWord2Vec } from "../../mod.ts";
import { rejects, tempFile } from "./_files.ts";
import { assertBitwise, rng } from "../_numeric.ts";

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
