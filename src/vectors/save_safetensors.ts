/**
 * `saveSafetensors`: tensors to a `.safetensors` file.
 *
 * @module
 */

import { Tensor } from "../tensor/tensor.ts";
import { writeAtomically } from "./_atomic_write.ts";
import { checkPath } from "./load_word2vec.ts";
import { describe } from "../tensor/_nested.ts";

/**
 * Options of `saveSafetensors`.
 *
 * @example
 * ```ts
 * import { saveSafetensors, type SafetensorsSaveOptions, tensor } from "@tessera/embed";
 * const options: SafetensorsSaveOptions = { metadata: { format: "pt" } };
 * await saveSafetensors(await Deno.makeTempFile(), { weight: tensor([[1, 2]]) }, options);
 * ```
 */
export interface SafetensorsSaveOptions {
  /**
   * Free-form string pairs stored under `__metadata__` (PyTorch checkpoints carry `{format: "pt"}`).
   * @default null
   */
  metadata?: Record<string, string> | null;
}

/**
 * Saves tensors (e.g. a module's `stateDict()`) as safetensors, laid out as
 * the `safetensors` package lays them out (tensors sorted by name, the
 * compact JSON header padded with spaces to a multiple of 8), so that
 * `safetensors.torch.load_file` reads it and PyTorch's
 * `model.load_state_dict(...)` takes the result. float32 is written as F32,
 * int32 as I32. The file is written to a temporary file and renamed, so a
 * failed save leaves nothing half-written. Needs write permission in Deno.
 *
 * @example
 * ```ts
 * import { Embedding, loadSafetensors, saveSafetensors } from "@tessera/embed";
 * const embedding = new Embedding(4, 2, { seed: 0 });
 * const path = await Deno.makeTempFile({ suffix: ".safetensors" });
 * await saveSafetensors(path, embedding.stateDict());
 * const back = await loadSafetensors(path);
 * console.log(back.weight.shape); // [4, 2]
 * ```
 *
 * @param path The file (replaced if it exists).
 * @param tensors Tensors by name.
 * @param options `metadata`.
 * @returns When the file is complete.
 * @throws {TypeError} For a value that is not a tensor, or metadata that is not strings.
 * @throws {Error} When the file cannot be written (the file system's error).
 */
export async function saveSafetensors(
  path: string,
  tensors: Readonly<Record<string, Tensor>>,
  options: SafetensorsSaveOptions = {},
): Promise<void> {
  const who = "saveSafetensors()";
  checkPath(path, who);
  if (tensors === null || typeof tensors !== "object") {
    throw new TypeError(`${who}: tensors is ${describe(tensors)} but must be an object of tensors`);
  }
  const metadata = options?.metadata ?? null;
  if (metadata !== null) {
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== "string") {
        throw new TypeError(`${who}: metadata.${k} is ${describe(v)} but must be a string`);
      }
    }
  }
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = metadata === null ? {} : { __metadata__: metadata };
  const views: Uint8Array[] = [];
  let at = 0;
  for (const name of names) {
    const t = tensors[name];
    if (!(t instanceof Tensor)) {
      throw new TypeError(`${who}: tensors.${name} is ${describe(t)} but must be a Tensor`);
    }
    if (name === "__metadata__") throw new TypeError(`${who}: "__metadata__" is not a tensor name`);
    const data = await t.data();
    views.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    header[name] = {
      dtype: t.dtype === "int32" ? "I32" : "F32",
      shape: [...t.shape],
      data_offsets: [at, at + data.byteLength],
    };
    at += data.byteLength;
  }
  let json = JSON.stringify(header);
  const pad = (8 - (new TextEncoder().encode(json).length % 8)) % 8;
  json += " ".repeat(pad);
  const text = new TextEncoder().encode(json);
  const length = new Uint8Array(8);
  new DataView(length.buffer).setBigUint64(0, BigInt(text.length), true);
  await writeAtomically(path, async (write) => {
    await write(length);
    await write(text);
    for (const v of views) await write(v);
  });
}
