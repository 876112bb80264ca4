/**
 * The streaming reader of word2vec's binary format (the C tool's and
 * gensim's): a `V D` header line, then per vector the word, one space, and
 * `D` little-endian float32s, copied straight into the arena table. A
 * newline before a word (word2vec.c writes one after each vector) is
 * skipped, as gensim does.
 *
 * Each window of the file is taken whole: every complete record in it is
 * located and its floats copied to the table, then the window's words are
 * decoded by one `TextDecoder` call and entered into the index (a repeated
 * word's later rows are closed up then), and only then is the next chunk read.
 */

import { ChunkedFile } from "./_chunked_file.ts";
import { type KeyedVectors, keyedVectorsOf } from "./keyed_vectors.ts";
import { failure, Filling, type LoadOptions, readHeader } from "./_vector_file.ts";
import { WordBatch } from "./_word_batch.ts";

/** Longest word accepted, in bytes (longer means the file is not what it claims). */
const MAX_WORD = 1 << 16;

/** Reads a word2vec binary file into a `KeyedVectors`. */
export async function readBinaryVectors(
  path: string,
  o: LoadOptions,
  who: string,
): Promise<KeyedVectors> {
  const fail = failure(who, path);
  const f = await ChunkedFile.open(path, who);
  try {
    const [header, D] = await readHeader(f, fail);
    const V = Math.min(header, o.limit ?? Infinity);
    const fill = new Filling(V, D, who);
    const table = new Uint8Array(fill.f32.buffer, fill.f32.byteOffset, fill.f32.byteLength);
    const bytes = 4 * D;
    const words = new WordBatch();
    const progress = () =>
      o.onProgress?.({ bytesRead: f.bytesRead, totalBytes: f.size, vectors: fill.row });
    for (let n = 0; n < V;) {
      const { buf, end } = f;
      let pos = f.pos, s = pos, sp = -1;
      // Rows go where they would with no repeated word; `keep` closes them up.
      const first = n, row0 = fill.row;
      words.clear();
      while (n < V) {
        s = pos;
        while (s < end && buf[s] === 10) s++;
        sp = buf.indexOf(32, s);
        if (sp < 0 || sp >= end || sp - s > MAX_WORD || end - sp - 1 < bytes) break;
        words.add(buf, s, sp, f.offset(s));
        table.set(buf.subarray(sp + 1, sp + 1 + bytes), (row0 + n - first) * bytes);
        pos = sp + 1 + bytes;
        n++;
      }
      keep(words, fill, row0, D, (k) => fail(at(first + k, V, words.offset(k)), NOT_UTF8));
      f.pos = pos;
      if (n === V) break;
      const where = at(n, V, f.offset(s));
      const found = sp >= 0 && sp < end;
      if (found && sp - s > MAX_WORD) {
        throw fail(where, `the word is longer than ${MAX_WORD} bytes`);
      }
      if (!found && end - pos > MAX_WORD) throw fail(where, "no space ends the word");
      if (!(await f.more())) {
        if (!found) throw fail(where, "the file ends before the word's closing space");
        throw fail(
          where,
          `the vector needs ${bytes} bytes but the file ends after ${end - sp - 1}`,
        );
      }
      progress();
    }
    progress();
    return keyedVectorsOf(fill.keys, fill.index, fill.finish(who));
  } finally {
    await f.close();
  }
}

const NOT_UTF8 = "the word is not valid UTF-8";

/** `vector n + 1 of V (byte b)`. */
function at(n: number, V: number, byte: number): string {
  return `vector ${n + 1} of ${V} (byte ${byte})`;
}

/**
 * Enters a window's words (whose vectors sit from row `row0` on) into the
 * index; a repeated word is dropped and the rows after it move up.
 *
 * @throws {RangeError} From `bad(k)` when word `k` is not valid UTF-8.
 */
function keep(
  words: WordBatch,
  fill: Filling,
  row0: number,
  D: number,
  bad: (k: number) => RangeError,
): void {
  const decoded = words.decode();
  if (typeof decoded === "number") throw bad(decoded);
  const f32 = fill.f32;
  for (let k = 0; k < decoded.length; k++) {
    if (!fill.add(decoded[k])) continue;
    const row = fill.row - 1, from = row0 + k;
    if (row !== from) f32.copyWithin(row * D, from * D, (from + 1) * D);
  }
}
