/**
 * Writing word2vec text/binary and GloVe files as gensim's
 * `save_word2vec_format` does: `V D` header (not for GloVe), then
 * `key v1 ... vD\n` with numpy's float32 repr (text) or `key ` and the raw
 * little-endian float32s (binary, no newline, as gensim).
 */

import type { KeyedVectors } from "./keyed_vectors.ts";
import { reprFloat32 } from "./_floats.ts";
import { writeAtomically } from "./_atomic_write.ts";
import { describe } from "../tensor/_nested.ts";
import { checkPath } from "./load_word2vec.ts";

/** Checks the arguments of a saver: a `KeyedVectors` whose keys the format can hold. */
export function checkSave(kv: unknown, path: unknown, who: string): void {
  checkPath(path, who);
  if (
    kv === null || typeof kv !== "object" || !("keys" in kv) || !("vectors" in kv) ||
    !("vectorSize" in kv)
  ) {
    throw new TypeError(`${who}: vectors is ${describe(kv)} but must be a KeyedVectors`);
  }
  (kv as KeyedVectors).keys.forEach((k, i) => {
    if (/[ \n]/.test(k) || k === "") {
      throw new RangeError(
        `${who}: key ${i} is ${JSON.stringify(k)}, which the format cannot hold ` +
          `(keys must be non-empty, without spaces or newlines)`,
      );
    }
  });
}

/** Writes `kv` in word2vec text (`header`) or GloVe (no header) format, or word2vec binary. */
export function writeVectors(
  kv: KeyedVectors,
  path: string,
  format: "text" | "binary" | "glove",
): Promise<void> {
  const enc = new TextEncoder();
  const V = kv.length, D = kv.vectorSize, keys = kv.keys;
  const w = kv.vectors.dataSync();
  const bytes = new Uint8Array(w.buffer, w.byteOffset, w.byteLength);
  return writeAtomically(path, async (write) => {
    if (format !== "glove") await write(enc.encode(`${V} ${D}\n`));
    let text = "";
    for (let r = 0; r < V; r++) {
      if (format === "binary") {
        await write(enc.encode(`${keys[r]} `));
        await write(bytes.subarray(r * D * 4, (r + 1) * D * 4));
        continue;
      }
      text += keys[r];
      for (let d = r * D; d < (r + 1) * D; d++) text += " " + reprFloat32(w[d]);
      text += "\n";
      if (text.length > 1 << 16 || r === V - 1) {
        await write(enc.encode(text));
        text = "";
      }
    }
  });
}
