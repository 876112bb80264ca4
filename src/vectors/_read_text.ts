/**
 * The streaming text reader: word2vec text and fastText `.vec` (a `V D`
 * header line) and GloVe (no header: a first pass counts the lines and takes
 * `D` from the first one, as gensim's `no_header=True` does). Each line is
 * `word v1 ... vD`, fields separated by single spaces, trailing whitespace
 * ignored; the values are parsed straight into the arena table.
 */

import { ChunkedFile } from "./_chunked_file.ts";
import { latin1, parseNumber } from "./_floats.ts";
import { type KeyedVectors, keyedVectorsOf } from "./keyed_vectors.ts";
import { decodeWord, failure, Filling, type LoadOptions, readHeader } from "./_vector_file.ts";

/** Whitespace Python's `bytes.rstrip()` removes. */
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 11 || c === 12;
}

/** Counts the lines of a headerless file and the values on its first line. */
async function scan(path: string, limit: number, who: string): Promise<[number, number]> {
  const f = await ChunkedFile.open(path, who);
  try {
    let lines = 0, D = -1;
    while (lines < limit && (await f.more() || f.pos < f.end)) {
      let nl;
      while (lines < limit && (nl = f.buf.indexOf(10, f.pos)) >= 0 && nl < f.end) {
        if (D < 0) D = countFields(f.buf, f.pos, nl) - 1;
        lines++;
        f.pos = nl + 1;
      }
      if (f.eof && f.pos < f.end && lines < limit) {
        if (D < 0) D = countFields(f.buf, f.pos, f.end) - 1;
        lines++;
        f.pos = f.end;
      }
    }
    return [lines, Math.max(D, 0)];
  } finally {
    await f.close();
  }
}

function countFields(u8: Uint8Array, start: number, end: number): number {
  while (end > start && isSpace(u8[end - 1])) end--;
  let n = 1;
  for (let i = start; i < end; i++) if (u8[i] === 32) n++;
  return n;
}

/**
 * Reads a text vector file into a `KeyedVectors`.
 *
 * @param header Whether the first line is `V D` (word2vec, fastText) or not (GloVe).
 */
export async function readTextVectors(
  path: string,
  header: boolean,
  o: LoadOptions,
  who: string,
): Promise<KeyedVectors> {
  const limit = o.limit ?? Infinity;
  const fail = failure(who, path);
  let V: number, D: number;
  if (!header) [V, D] = await scan(path, limit, who);
  const f = await ChunkedFile.open(path, who);
  try {
    let line = 1;
    if (header) {
      [V, D] = await readHeader(f, fail);
      line = 2;
    }
    V = Math.min(V!, limit);
    const fill = new Filling(V, D!, who);
    const f32 = fill.f32;
    const sizes = header ? "the header says" : "the first line has";
    const progress = () =>
      o.onProgress?.({ bytesRead: f.bytesRead, totalBytes: f.size, vectors: fill.row });
    for (let n = 0; n < V; n++, line++) {
      let nl = f.buf.indexOf(10, f.pos);
      while (nl < 0 || nl >= f.end) {
        if (f.eof) break;
        const start = f.end - f.pos;
        await f.more();
        progress();
        nl = f.buf.indexOf(10, f.pos + start);
      }
      if (nl < 0 || nl >= f.end) nl = f.end;
      const s = f.pos;
      if (s >= nl && f.eof && nl === f.end) {
        throw fail(
          `line ${line} (byte ${f.offset(s)})`,
          `the file ends after ${n} of ${V} vectors`,
        );
      }
      let e = nl;
      while (e > s && isSpace(f.buf[e - 1])) e--;
      let sp = s;
      while (sp < e && f.buf[sp] !== 32) sp++;
      const where = () => `line ${line} (byte ${f.offset(s)})`;
      const word = decodeWord(f.buf, s, sp);
      if (word === undefined) throw fail(where(), `the word is not valid UTF-8`);
      let count = 0, t = sp + 1;
      const base = fill.row * D!;
      while (t <= e && sp < e) {
        let u = t;
        while (u < e && f.buf[u] !== 32) u++;
        if (count < D!) {
          const v = parseNumber(f.buf, t, u);
          if (v === undefined) {
            throw fail(
              `line ${line} (byte ${f.offset(t)})`,
              `${JSON.stringify(latin1(f.buf, t, Math.min(u, t + 40)))} is not a number`,
            );
          }
          f32[base + count] = v;
        }
        count++;
        t = u + 1;
      }
      if (count !== D!) {
        throw fail(where(), `${JSON.stringify(word)} has ${count} values but ${sizes} ${D!}`);
      }
      fill.add(word);
      f.pos = Math.min(nl + 1, f.end);
    }
    progress();
    return keyedVectorsOf(fill.keys, fill.index, fill.finish(who));
  } finally {
    await f.close();
  }
}
