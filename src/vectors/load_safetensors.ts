/**
 * `loadSafetensors`: tensors from a `.safetensors` file.
 *
 * @module
 */

import { allocTensor, hostView, type Tensor } from "../tensor/tensor.ts";
import { ChunkedFile } from "./_chunked_file.ts";
import { convert, DTYPES, parseHeader } from "./_safetensors.ts";
import { checkPath } from "./_files.ts";

/**
 * Loads every tensor of a safetensors file (the format of Hugging Face's
 * `safetensors` package, and how PyTorch models travel). F32 and I32 data
 * is read straight into the arena, with no copy in between; F64, F16 and
 * BF16 become float32, I64, I16, I8, U8 and BOOL become int32 (an I64 value
 * outside int32 is an error). Needs read permission in Deno.
 *
 * @example
 * ```ts
 * import { Embedding, loadSafetensors } from "@tessera/embed";
 * const state = await loadSafetensors("tests/fixtures/vectors/embedding.safetensors");
 * const embedding = Embedding.fromPretrained(state.weight);
 * console.log(Object.keys(state), embedding.toString()); // ["weight"] Embedding(6, 3)
 * ```
 *
 * @param path The file.
 * @returns The tensors by name.
 * @throws {RangeError} For a malformed file (header length past the end, invalid JSON, unknown dtype, sizes or offsets that do not match, a shape too large for a tensor, a truncated file), naming the byte offset; or a path that cannot be read (missing, a directory: the file system's error is the `cause`).
 * @throws {TypeError} For a bad path.
 */
export async function loadSafetensors(path: string): Promise<Record<string, Tensor>> {
  const who = "loadSafetensors()";
  checkPath(path, who);
  const fail = (byte: number, what: string) =>
    new RangeError(`${who}: byte ${byte} of ${path}: ${what}`);
  const f = await ChunkedFile.open(path, who);
  const out: Record<string, Tensor> = {};
  let done = false;
  try {
    const head = new Uint8Array(8);
    if ((await f.readAt(head, 0, 8, 0)) < 8) {
      throw fail(0, `the file has ${f.size} bytes, fewer than the 8 of the header length`);
    }
    const big = new DataView(head.buffer).getBigUint64(0, true), n = Number(big);
    if (n > f.size - 8) {
      throw fail(0, `the header length is ${big} but only ${f.size - 8} bytes follow`);
    }
    const text = new Uint8Array(n);
    await f.readAt(text, 0, n, 8);
    let json: string;
    try {
      json = new TextDecoder("utf-8", { fatal: true }).decode(text);
    } catch {
      throw fail(8, "the header is not valid UTF-8");
    }
    const start = 8 + n;
    const entries = parseHeader(json, f.size - start, fail);
    for (const e of entries) {
      const info = DTYPES[e.dtype];
      const t = allocTensor(e.shape, info.as, who);
      // defineProperty: a tensor named "__proto__" is a key like any other.
      Object.defineProperty(out, e.name, {
        value: t,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      const view = hostView(t);
      const direct = e.dtype === "F32" || e.dtype === "I32";
      const bytes = direct
        ? new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
        : new Uint8Array(e.end - e.begin);
      const got = await f.readAt(bytes, 0, e.end - e.begin, start + e.begin);
      if (got < e.end - e.begin) {
        throw fail(start + e.begin + got, `the file ends inside tensor ${JSON.stringify(e.name)}`);
      }
      if (!direct) {
        const bad = convert(e.dtype, bytes, view);
        if (bad) {
          throw fail(start + e.begin, `tensor ${JSON.stringify(e.name)} (${e.dtype}): ${bad}`);
        }
      }
    }
    done = true;
    return out;
  } finally {
    await f.close();
    if (!done) { for (const t of Object.values(out)) t.dispose(); }
  }
}
