/**
 * `saveSafetensors`: tensors to a `.safetensors` file.
 *
 * @module
 */

import { Tensor } from "../tensor/tensor.ts";
import { writeAtomically } from "./_atomic_write.ts";
import { checkPath } from "./_files.ts";
import { describe, errorText } from "../tensor/_nested.ts";
import { z } from "npm:zod@^4.1.0";
import { parseOptions } from "../ops/_options.ts";
import { checkLive } from "../ops/_inputs.ts";

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
 * @throws {TypeError} For tensors that are not a plain object of live tensors, metadata that is
 *   not strings, unknown options.
 * @throws {RangeError} For a path that cannot be written (a directory, a missing folder: the file
 *   system's error is the `cause`); an existing file is then left as it was.
 */
export async function saveSafetensors(
  path: string,
  tensors: Readonly<Record<string, Tensor>>,
  options: SafetensorsSaveOptions = {},
): Promise<void> {
  const who = "saveSafetensors()";
  checkPath(path, who);
  const entries = readTensors(tensors, who);
  const metadata = readMetadata(parseOptions(schema, options, who, EXPECTED).metadata, who);
  const header: Record<string, unknown> = metadata === null ? {} : { __metadata__: metadata };
  const views: Uint8Array[] = [];
  let at = 0;
  for (const [name, t] of entries) {
    const data = await t.data();
    views.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const entry = {
      dtype: t.dtype === "int32" ? "I32" : "F32",
      shape: [...t.shape],
      data_offsets: [at, at + data.byteLength],
    };
    // defineProperty: a tensor named "__proto__" is a key like any other.
    Object.defineProperty(header, name, { value: entry, enumerable: true });
    at += data.byteLength;
  }
  let json = JSON.stringify(header);
  const pad = (8 - (new TextEncoder().encode(json).length % 8)) % 8;
  json += " ".repeat(pad);
  const text = new TextEncoder().encode(json);
  const length = new Uint8Array(8);
  new DataView(length.buffer).setBigUint64(0, BigInt(text.length), true);
  await writeAtomically(path, who, async (write) => {
    await write(length);
    await write(text);
    for (const v of views) await write(v);
  });
}

const schema = z.strictObject({ metadata: z.unknown().optional() });
const EXPECTED = { metadata: "an object of strings or null" };

/** Reads `metadata` once: null, or a plain object of strings (copied). */
function readMetadata(metadata: unknown, who: string): Record<string, string> | null {
  if (metadata === undefined || metadata === null) return null;
  const copy: Record<string, string> = {};
  let plain = false, key: string | undefined;
  try {
    if (typeof metadata === "object") {
      const proto = Object.getPrototypeOf(metadata);
      plain = proto === Object.prototype || proto === null;
    }
    if (plain) {
      for (key of Object.keys(metadata as object)) {
        const v = (metadata as Record<string, unknown>)[key];
        if (typeof v !== "string") {
          throw new TypeError(`${who}: metadata.${key} is ${describe(v)} but must be a string`);
        }
        Object.defineProperty(copy, key, { value: v, enumerable: true, writable: true });
      }
    }
  } catch (err) {
    if (err instanceof TypeError && err.message.startsWith(who)) throw err;
    const at = key === undefined ? "metadata" : `metadata.${key}`;
    throw new TypeError(`${who}: ${at} could not be read (${errorText(err)})`);
  }
  if (!plain) {
    throw new TypeError(
      `${who}: metadata is ${describe(metadata)} but must be ${EXPECTED.metadata}`,
    );
  }
  return copy;
}

/**
 * Reads `tensors` once (a plain object of live tensors, sorted by name), so
 * that nothing is realized or written before every value is checked.
 */
function readTensors(tensors: unknown, who: string): [string, Tensor][] {
  let plain = false;
  const entries: [string, unknown][] = [];
  let key: string | undefined;
  try {
    if (tensors !== null && typeof tensors === "object") {
      const proto = Object.getPrototypeOf(tensors);
      plain = proto === Object.prototype || proto === null;
    }
    if (plain) {
      for (key of Object.keys(tensors as object)) {
        entries.push([key, (tensors as Record<string, unknown>)[key]]);
      }
    }
  } catch (err) {
    const at = key === undefined ? "tensors" : keyOf(key);
    throw new TypeError(`${who}: ${at} could not be read (${errorText(err)})`);
  }
  if (!plain) {
    throw new TypeError(`${who}: tensors is ${describe(tensors)} but must be an object of tensors`);
  }
  for (const [name, t] of entries) {
    const at = keyOf(name);
    if (name === "__metadata__") throw new TypeError(`${who}: "__metadata__" is not a tensor name`);
    if (!(t instanceof Tensor)) {
      throw new TypeError(`${who}: ${at} is ${describe(t)} but must be a Tensor`);
    }
    checkLive(t, who, at);
  }
  return (entries as [string, Tensor][]).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
}

/** `tensors.weight`, or `tensors["0.weight"]` for a name that is not an identifier. */
function keyOf(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `tensors.${name}` : `tensors[${describe(name)}]`;
}
