/**
 * `loadGlove`: GloVe's text format.
 *
 * @module
 */

import type { KeyedVectors } from "./keyed_vectors.ts";
import { checkLoadOptions, type LoadOptions } from "./_vector_file.ts";
import { readTextVectors } from "./_read_text.ts";
import { checkPath } from "./_files.ts";

/**
 * Loads GloVe vectors (`word v1 ... vD` per line, no header), as gensim's
 * `load_word2vec_format(path, no_header=True)`: a first pass counts the
 * lines and takes `D` from the first one, then the values are parsed in
 * chunks straight into a table of exactly that size. A repeated word keeps
 * its first vector. Needs read permission in Deno.
 *
 * @example
 * ```ts
 * import { loadGlove } from "@tessera/embed";
 * const kv = await loadGlove("tests/fixtures/vectors/small.glove.txt", { limit: 5 });
 * console.log(kv.toString(), kv.keys[2]); // KeyedVectors(5 keys, 7 dims) café
 * ```
 *
 * @param path The file.
 * @param options `limit`, `onProgress`.
 * @returns The keys and their `[V, D]` table.
 * @throws {RangeError} For a malformed file (a line whose number of values differs from the first line's, a bad number, invalid UTF-8), naming the line and byte offset.
 * @throws {RangeError} For a path that cannot be read (missing, a directory: the file system's
 *   error is the `cause`), or a file too large for a table (dimensions past int32, 4 GiB or more).
 * @throws {TypeError} For a bad path or bad options (unknown ones included).
 */
export function loadGlove(path: string, options: LoadOptions = {}): Promise<KeyedVectors> {
  const who = "loadGlove()";
  try {
    checkPath(path, who);
    return readTextVectors(path, false, checkLoadOptions(options, who), who);
  } catch (err) {
    return Promise.reject(err);
  }
}
