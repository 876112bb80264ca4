/**
 * `loadFastText`: fastText's `.vec` text format.
 *
 * @module
 */

import type { KeyedVectors } from "./keyed_vectors.ts";
import { checkLoadOptions, type LoadOptions } from "./_vector_file.ts";
import { readTextVectors } from "./_read_text.ts";
import { checkPath } from "./_files.ts";

/**
 * Loads a fastText `.vec` file (a `V D` header, then `word v1 ... vD ` per
 * line: word2vec's text format, which fastText writes with a space after
 * every value). Only the vectors of whole words: the subword model of
 * `.bin` files is not read. Needs read permission in Deno.
 *
 * @example
 * ```ts
 * import { loadFastText } from "@tessera/embed";
 * const kv = await loadFastText("tests/fixtures/vectors/small.vec");
 * console.log(kv.toString(), kv.indexOf("naïve")); // KeyedVectors(40 keys, 7 dims) 3
 * ```
 *
 * @param path The file.
 * @param options `limit`, `onProgress`.
 * @returns The keys and their `[V, D]` table.
 * @throws {RangeError} For a malformed file, naming the line and byte offset.
 * @throws {RangeError} For a path that cannot be read (missing, a directory: the file system's
 *   error is the `cause`), or a file too large for a table (dimensions past int32, 4 GiB or more).
 * @throws {TypeError} For a bad path or bad options (unknown ones included).
 */
export function loadFastText(path: string, options: LoadOptions = {}): Promise<KeyedVectors> {
  const who = "loadFastText()";
  try {
    checkPath(path, who);
    return readTextVectors(path, true, checkLoadOptions(options, who), who);
  } catch (err) {
    return Promise.reject(err);
  }
}
