/**
 * Writing word2vec text/binary and GloVe files as gensim's
 * `save_word2vec_format` does: `V D` header (not for GloVe), then
 * `key v1 ... vD\n` with numpy's float32 repr (text) or `key ` and the raw
 * little-endian float32s (binary, no newline, as gensim).
 */

import { KeyedVectors } from "./keyed_vectors.ts";
import { checkLive } from "../ops/_inputs.ts";
import { reprFloat32 } from "./_floats.ts";
import { writeAtomically } from "./_atomic_write.ts";
import { describe } from "../tensor/_nested.ts";
import { checkPath } from "./_files.ts";

/**
 * Checks the arguments of a saver: a live `KeyedVectors` whose keys the
 * format can hold (non-empty, no spaces or newlines, well-formed UTF-16 so
 * that they read back as written), and a path.
 */
export function checkSave(kv: unknown, path: unknown, who: string): asserts kv is KeyedVectors {
  checkPath(path, who);
  let isKv = false;
  try {
    isKv = kv instanceof KeyedVectors;
  } catch {
    // A revoked Proxy: described below.
  }
  if (!isKv) {
    throw new TypeError(`${who}: vectors is ${describe(kv)} but must be a KeyedVectors`);
  }
  checkLive((kv as KeyedVectors).vectors, who, "vectors.vectors");
  (kv as KeyedVectors).keys.forEach((k, i) => {
    if (/[ \n]/.test(k) || k === "") {
      throw new RangeError(
        `${who}: key ${i} is ${describe(k)}, which the format cannot hold ` +
          `(keys must be non-empty, without spaces or newlines)`,
      );
    }
    if (/[\ud800-\udfff]/u.test(k)) {
      throw new RangeError(
        `${who}: key ${i} is ${
          describe(k)
        }, which holds a lone surrogate (no UTF-8 text can hold it)`,
      );
    }
  });
}

/** Writes `kv` in word2vec text (`header`) or GloVe (no header) format, or word2vec binary. */
export function writeVectors(
  kv: KeyedVectors,
  path: string,
  format: "text" | "binary" | "glove",
  who: string,
): Promise<void> {
  const enc = new TextEncoder();
  const V = kv.length, D = kv.vectorSize, keys = kv.keys;
  const w = kv.vectors.dataSync();
  const bytes = new Uint8Array(w.buffer, w.byteOffset, w.byteLength);
  return writeAtomically(path, who, async (write) => {
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
