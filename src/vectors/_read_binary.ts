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
 * word's later rows are closed up then), and only then is the next chunk
 * read. A large file is read, after its first chunk, straight into the
 * table's memory (see `_table_window.ts`); each record's floats then move
 * down to their row in place.
 */

import { ChunkedFile } from "./_chunked_file.ts";
import { type KeyedVectors, keyedVectorsOf } from "./keyed_vectors.ts";
import { failure, Filling, type LoadOptions, readHeader } from "./_vector_file.ts";
import { WordBatch } from "./_word_batch.ts";
import { TableWindow } from "./_table_window.ts";

/**
 * Bytes of the first read (the rest of a large file is read straight into
 * the table, see `_table_window.ts`): a small buffer, whose fresh pages cost
 * a fault each, as the table's would.
 */
const FIRST_CHUNK = 1 << 16;

/** Longest word accepted, in bytes (longer means the file is not what it claims). */
const MAX_WORD = 1 << 16;

/** Reads a word2vec binary file into a `KeyedVectors`. */
export async function readBinaryVectors(
  path: string,
  o: LoadOptions,
  who: string,
): Promise<KeyedVectors> {
  const fail = failure(who, path);
  const f = await ChunkedFile.open(path, who, FIRST_CHUNK);
  let w: TableWindow | undefined;
  try {
    const [header, D] = await readHeader(f, fail);
    const V = Math.min(header, o.limit ?? Infinity);
    const fill = new Filling(V, D, who);
    const table = new Uint8Array(fill.f32.buffer, fill.f32.byteOffset, fill.f32.byteLength);
    const bytes = 4 * D;
    const words = new WordBatch();
    const win = w = new TableWindow(f, path, table);
    const progress = () =>
      o.onProgress?.({ bytesRead: win.bytesRead, totalBytes: f.size, vectors: fill.row });
    for (let n = 0; n < V;) {
      const { buf, end, inPlace } = win;
      let pos = win.pos, s = pos, sp = pos, lim = pos;
      // Rows go where they would with no repeated word; `keep` closes them up.
      const first = n, row0 = fill.row;
      words.clear();
      while (n < V) {
        s = pos;
        while (s < end && buf[s] === 10) s++;
        // The word's space, looked for within the window (`buf` may be the whole arena).
        sp = s, lim = Math.min(end, s + MAX_WORD + 1);
        while (sp < lim && buf[sp] !== 32) sp++;
        if (sp === lim || end - sp - 1 < bytes) break;
        words.add(buf, s, sp, win.offset(s));
        const to = (row0 + n - first) * bytes;
        if (inPlace) buf.copyWithin(table.byteOffset + to, sp + 1, sp + 1 + bytes);
        else table.set(buf.subarray(sp + 1, sp + 1 + bytes), to);
        pos = sp + 1 + bytes;
        n++;
      }
      keep(words, fill, row0, D, (k) => fail(at(first + k, V, words.offset(k)), NOT_UTF8));
      win.pos = pos;
      if (n === V) break;
      const where = at(n, V, win.offset(s));
      if (sp === lim && lim < end) {
        const spaced = buf.subarray(lim, end).indexOf(32) >= 0;
        throw fail(where, spaced ? `the word is longer than ${MAX_WORD} bytes` : NO_SPACE);
      }
      if (!(await win.more())) {
        if (sp === lim) throw fail(where, "the file ends before the word's closing space");
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
    await w?.close();
    await f.close();
  }
}

const NOT_UTF8 = "the word is not valid UTF-8";
const NO_SPACE = "no space ends the word";

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
