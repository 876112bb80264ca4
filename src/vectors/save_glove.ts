/**
 * `saveGlove`: GloVe's text format.
 *
 * @module
 */

import type { KeyedVectors } from "./keyed_vectors.ts";
import { checkSave, writeVectors } from "./_write_vectors.ts";

/**
 * Saves vectors in GloVe's format: `key v1 ... vD` lines, no header (the
 * values in numpy's shortest float32 repr, so they read back exactly). The
 * file is written to a temporary file and renamed, so a failed save leaves
 * nothing half-written. Needs write permission in Deno.
 *
 * @example
 * ```ts
 * import { KeyedVectors, loadGlove, saveGlove } from "@tessera/embed";
 * const path = await Deno.makeTempFile({ suffix: ".txt" });
 * await saveGlove(new KeyedVectors(["a", "b"], [[1, 0.5], [-2, 3]]), path);
 * console.log(await Deno.readTextFile(path)); // "a 1.0 0.5\nb -2.0 3.0\n"
 * console.log((await loadGlove(path)).vectorSize); // 2
 * ```
 *
 * @param vectors The keys and their table.
 * @param path The file (replaced if it exists).
 * @returns When the file is complete.
 * @throws {TypeError} For bad arguments (a disposed table included).
 * @throws {RangeError} For keys the format cannot hold (empty, with spaces or newlines, or a lone
 *   surrogate), or a path that cannot be written (a directory, a missing folder: the file system's
 *   error is the `cause`); an existing file is then left as it was.
 */
export async function saveGlove(vectors: KeyedVectors, path: string): Promise<void> {
  const who = "saveGlove()";
  checkSave(vectors, path, who);
  await writeVectors(vectors, path, "glove", who);
}
