/**
 * `saveWord2Vec`: word2vec's text and binary formats.
 *
 * @module
 */

import type { KeyedVectors } from "./keyed_vectors.ts";
import { checkSave, writeVectors } from "./_write_vectors.ts";
import { z } from "npm:zod@^4.1.0";
import { parseOptions } from "../ops/_options.ts";

const schema = z.strictObject({ binary: z.boolean().optional() });

/**
 * Options of `saveWord2Vec`.
 *
 * @example
 * ```ts
 * import { KeyedVectors, saveWord2Vec, type Word2VecSaveOptions } from "@tessera/embed";
 * const options: Word2VecSaveOptions = { binary: true };
 * const path = await Deno.makeTempFile();
 * await saveWord2Vec(new KeyedVectors(["a"], [[1, 2]]), path, options);
 * console.log((await Deno.stat(path)).size); // 12: "1 2\n", "a ", 8 bytes
 * ```
 */
export interface Word2VecSaveOptions {
  /**
   * Write the binary format rather than text.
   * @default false
   */
  binary?: boolean;
}

/**
 * Saves vectors in word2vec's format, byte for byte as gensim's
 * `save_word2vec_format(path, binary=...)` writes them: a `V D` header, then
 * `key v1 ... vD` lines with numpy's shortest float32 repr, or `key ` and
 * the raw little-endian float32s. fastText's `.vec` is the text format. The
 * file is written to a temporary file and renamed, so a failed save leaves
 * nothing half-written. Needs write permission in Deno.
 *
 * @example
 * ```ts
 * import { KeyedVectors, loadWord2Vec, saveWord2Vec } from "@tessera/embed";
 * const kv = new KeyedVectors(["cat", "dog"], [[0.5, -1], [0.25, 1e-5]]);
 * const path = await Deno.makeTempFile({ suffix: ".txt" });
 * await saveWord2Vec(kv, path);
 * console.log(await Deno.readTextFile(path)); // "2 2\ncat 0.5 -1.0\ndog 0.25 1e-05\n"
 * console.log((await loadWord2Vec(path)).keys); // ["cat", "dog"]
 * ```
 *
 * @param vectors The keys and their table.
 * @param path The file (replaced if it exists).
 * @param options `binary`.
 * @returns When the file is complete.
 * @throws {TypeError} For bad arguments (a disposed table, unknown options included).
 * @throws {RangeError} For keys the format cannot hold (empty, with spaces or newlines, or a lone
 *   surrogate), or a path that cannot be written (a directory, a missing folder: the file system's
 *   error is the `cause`); an existing file is then left as it was.
 */
export async function saveWord2Vec(
  vectors: KeyedVectors,
  path: string,
  options: Word2VecSaveOptions = {},
): Promise<void> {
  const who = "saveWord2Vec()";
  checkSave(vectors, path, who);
  const { binary = false } = parseOptions(schema, options, who);
  await writeVectors(vectors, path, binary ? "binary" : "text", who);
}
