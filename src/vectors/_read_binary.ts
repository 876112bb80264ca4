/**
 * The streaming reader of word2vec's binary format (the C tool's and
 * gensim's): a `V D` header line, then per vector the word, one space, and
 * `D` little-endian float32s, copied straight into the arena table. A
 * newline before a word (word2vec.c writes one after each vector) is
 * skipped, as gensim does.
 */

import { ChunkedFile } from "./_chunked_file.ts";
import { type KeyedVectors, keyedVectorsOf } from "./keyed_vectors.ts";
import { decodeWord, failure, Filling, type LoadOptions, readHeader } from "./_vector_file.ts";

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
    const progress = () =>
      o.onProgress?.({ bytesRead: f.bytesRead, totalBytes: f.size, vectors: fill.row });
    for (let n = 0; n < V; n++) {
      let sp: number;
      for (;;) {
        sp = f.buf.indexOf(32, f.pos);
        const found = sp >= 0 && sp < f.end;
        if (found && f.end - sp - 1 >= bytes) break;
        if (!found && f.end - f.pos > MAX_WORD) break;
        if (!(await f.more())) break;
        progress();
      }
      let s = f.pos;
      while (s < f.end && f.buf[s] === 10) s++;
      const where = `vector ${n + 1} of ${V} (byte ${f.offset(s)})`;
      if (sp < 0 || sp >= f.end) {
        throw fail(
          where,
          f.eof ? "the file ends before the word's closing space" : "no space ends the word",
        );
      }
      if (sp - s > MAX_WORD) throw fail(where, `the word is longer than ${MAX_WORD} bytes`);
      if (f.end - sp - 1 < bytes) {
        throw fail(
          where,
          `the vector needs ${bytes} bytes but the file ends after ${f.end - sp - 1}`,
        );
      }
      const word = decodeWord(f.buf, s, sp);
      if (word === undefined) throw fail(where, "the word is not valid UTF-8");
      table.set(f.buf.subarray(sp + 1, sp + 1 + bytes), fill.row * bytes);
      fill.add(word);
      f.pos = sp + 1 + bytes;
    }
    progress();
    return keyedVectorsOf(fill.keys, fill.index, fill.finish(who));
  } finally {
    await f.close();
  }
}
