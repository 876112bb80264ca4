/**
 * `loadWord2Vec`: word2vec's text and binary formats.
 *
 * @module
 */

import type { KeyedVectors } from "./keyed_vectors.ts";
import { checkLoadOptions, type LoadOptions } from "./_vector_file.ts";
import { readTextVectors } from "./_read_text.ts";
import { readBinaryVectors } from "./_read_binary.ts";
import { checkPath } from "./_files.ts";

export type { LoadOptions, LoadProgress } from "./_vector_file.ts";

/**
 * Options of `loadWord2Vec`.
 *
 * @example
 * ```ts
 * import { loadWord2Vec, type Word2VecLoadOptions } from "@tessera/embed";
 * const options: Word2VecLoadOptions = { binary: true, limit: 10 };
 * const kv = await loadWord2Vec("tests/fixtures/vectors/small.w2v.bin", options);
 * console.log(kv.length, kv.vectorSize); // 10 7
 * ```
 */
export interface Word2VecLoadOptions extends LoadOptions {
  /**
   * The C tool's binary format (`-binary 1`) rather than text.
   * @default false
   */
  binary?: boolean;
}

/**
 * Loads vectors in word2vec's format, as gensim's
 * `KeyedVectors.load_word2vec_format(path, binary=...)`: a `V D` header,
 * then one vector per line (text) or per record (binary). The file is read
 * in chunks straight into the table, so memory stays close to the table's
 * own size. Words are strict UTF-8; a repeated word keeps its first vector
 * (gensim logs a warning and does the same). Needs read permission in Deno.
 *
 * @example
 * ```ts
 * import { loadWord2Vec } from "@tessera/embed";
 * const kv = await loadWord2Vec("tests/fixtures/vectors/small.w2v.txt", {
 *   onProgress: ({ bytesRead, totalBytes }) => console.log(`${bytesRead} / ${totalBytes} bytes`),
 * });
 * console.log(kv.toString(), kv.keys.slice(0, 3)); // KeyedVectors(40 keys, 7 dims) ["the", ",", "café"]
 * ```
 *
 * @param path The file.
 * @param options `binary`, `limit`, `onProgress`.
 * @returns The keys and their `[V, D]` table.
 * @throws {RangeError} For a malformed file (bad header, wrong number of values, a bad number, invalid UTF-8, a truncated file), naming the line or byte offset.
 * @throws {RangeError} For a path that cannot be read (missing, a directory: the file system's
 *   error is the `cause`), or a file too large for a table (dimensions past int32, 4 GiB or more).
 * @throws {TypeError} For a bad path or bad options (unknown ones included).
 */
export function loadWord2Vec(
  path: string,
  options: Word2VecLoadOptions = {},
): Promise<KeyedVectors> {
  const who = "loadWord2Vec()";
  try {
    checkPath(path, who);
    const o = checkLoadOptions(options, who, true);
    return o.binary ? readBinaryVectors(path, o, who) : readTextVectors(path, true, o, who);
  } catch (err) {
    return Promise.reject(err);
  }
}
