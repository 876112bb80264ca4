/**
 * Files for the loader and saver properties, written with `node:fs` (so
 * that Bun runs them too) into one temporary folder: valid vector and
 * safetensors files made here byte by byte (not by the savers under test),
 * the values each holds, and the ways of breaking one (truncated, bad UTF-8,
 * a field that is not a number, a wrong count of values, sizes too large to
 * hold, flipped bytes).
 */

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import process from "node:process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Gen } from "./_gen.ts";

/** The folder every file of the suite goes to. */
export const DIR: string = mkdtempSync(join(tmpdir(), "tessera-properties-"));
const cleanUp = () => rmSync(DIR, { recursive: true, force: true });
process.on("exit", cleanUp); // Bun, Node
globalThis.addEventListener?.("unload", cleanUp); // Deno (its test runner emits no "exit")

let serial = 0;

/** A fresh path in `DIR` (no file there yet). */
export function freshPath(ext: string): string {
  return join(DIR, `f${serial++}${ext}`);
}

/** Writes bytes to a fresh path. */
export function writeFile(bytes: Uint8Array, ext: string): string {
  const path = freshPath(ext);
  writeFileSync(path, bytes);
  return path;
}

/** What a valid file holds, by path: keys (or tensor names) and their float32 values. */
export const CONTENT: Map<string, { keys: string[]; values: Float32Array[] }> = new Map();

const WORDS = ["cat", "dog", "café", "naïve", "日本", "🙂", "x,y", "a-b", "Z", "q"];

/** Distinct words, `n` of them (suffixed to stay distinct past the list). */
export function words(g: Gen, n: number): string[] {
  const start = g.int(0, WORDS.length - 1);
  return Array.from({ length: n }, (_, i) => {
    const w = WORDS[(start + i) % WORDS.length];
    return i < WORDS.length ? w : `${w}${i}`;
  });
}

/** `n` float32 values, sometimes -0, exact zeros, tiny or large ones. */
export function values(g: Gen, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => {
    if (g.chance(0.05)) return g.pick([0, -0, 1e-30, -3e30, 2 ** -140]);
    return g.float() * 6 - 3;
  });
}

/** A float32 as text that reads back exactly (its shortest double repr; -0 kept). */
function show(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}

const enc = new TextEncoder();

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, at), at += p.length;
  return out;
}

/** The kinds of vector file. */
export type VectorFormat = "word2vec" | "fasttext" | "glove" | "binary";

/** Bytes of a vector file in `format` with these keys and rows. */
export function vectorBytes(
  format: VectorFormat,
  keys: string[],
  rows: Float32Array[],
): Uint8Array {
  const D = rows[0]?.length ?? 0;
  const head = format === "glove" ? [] : [enc.encode(`${keys.length} ${D}\n`)];
  if (format === "binary") {
    const body = keys.flatMap((k, i) => [
      enc.encode(`${k} `),
      new Uint8Array(rows[i].buffer.slice(0)),
      ...(i % 2 === 1 ? [enc.encode("\n")] : []), // word2vec.c's newline, now and then
    ]);
    return concat([...head, ...body]);
  }
  const tail = format === "fasttext" ? " \n" : "\n";
  const lines = keys.map((k, i) => `${k} ${Array.from(rows[i], show).join(" ")}${tail}`);
  return concat([...head, enc.encode(lines.join(""))]);
}

/** A valid vector file of 1 to 6 vectors of 1 to 5 dims, recorded in `CONTENT`. */
export function validVectorFile(g: Gen, format: VectorFormat): string {
  const keys = words(g, g.int(1, 6)), D = g.int(1, 5);
  const rows = keys.map(() => values(g, D));
  const path = writeFile(vectorBytes(format, keys, rows), ".vec");
  CONTENT.set(path, { keys, values: rows });
  return path;
}

/** Bytes of a safetensors file (names sorted, F32), the layout `safetensors` writes. */
export function safetensorsBytes(names: string[], tensors: Float32Array[], shapes: number[][]) {
  const header: Record<string, unknown> = {};
  let at = 0;
  names.forEach((name, i) => {
    const bytes = tensors[i].byteLength;
    // defineProperty: "__proto__" is a name like any other.
    Object.defineProperty(header, name, {
      enumerable: true,
      value: { dtype: "F32", shape: shapes[i], data_offsets: [at, at + bytes] },
    });
    at += bytes;
  });
  const json = enc.encode(JSON.stringify(header));
  const length = new Uint8Array(8);
  new DataView(length.buffer).setBigUint64(0, BigInt(json.length), true);
  return concat([length, json, ...tensors.map((t) => new Uint8Array(t.buffer.slice(0)))]);
}

/** A valid safetensors file of 0 to 3 tensors (one may be named `__proto__`). */
export function validSafetensorsFile(g: Gen): string {
  const names = ["bias", "weight", "__proto__", "0.weight"].filter(() => g.chance(0.5));
  const shapes = names.map(() => Array.from({ length: g.int(0, 2) }, () => g.int(0, 3)));
  const tensors = shapes.map((s) => values(g, s.reduce((a, b) => a * b, 1)));
  const path = writeFile(safetensorsBytes(names, tensors, shapes), ".safetensors");
  CONTENT.set(path, { keys: names, values: tensors });
  return path;
}

/** Replaces bytes `[at, at + length)` of a copy with `bytes`. */
function splice(file: Uint8Array, at: number, length: number, bytes: Uint8Array): Uint8Array {
  return concat([file.subarray(0, at), bytes, file.subarray(at + length)]);
}

/** The offset of a random space (or 0). */
function someSpace(g: Gen, file: Uint8Array): number {
  const spaces = file.reduce<number[]>((a, b, i) => (b === 32 ? [...a, i] : a), []);
  return spaces.length ? g.pick(spaces) : 0;
}

/** A broken copy of a vector (text or binary) file. */
export function breakVectorFile(g: Gen, file: Uint8Array): Uint8Array {
  const nl = file.indexOf(10);
  switch (g.int(0, 6)) {
    case 0: // truncated anywhere
      return file.subarray(0, g.int(0, Math.max(0, file.length - 1)));
    case 1: // a word (or the header) made invalid UTF-8
      return splice(file, Math.max(0, someSpace(g, file) - 1), 1, new Uint8Array([0xff]));
    case 2: // a field that is not a number
      return splice(file, someSpace(g, file) + 1, 0, enc.encode(g.pick(["x", "1.2.3", "--1"])));
    case 3: // one value more or less on a line
      return g.chance(0.5)
        ? splice(file, nl >= 0 ? nl : 0, 0, enc.encode(" 1.5"))
        : splice(file, someSpace(g, file), 2, new Uint8Array());
    case 4: // a header claiming sizes no table can hold, or not "V D"
      return splice(
        file,
        0,
        nl >= 0 ? nl : 0,
        enc.encode(g.pick(["99999999999 3", "3 4000000000", "4294967297 1", "1e3 2", "-1 2", "3"])),
      );
    case 5: // flipped bytes
      return file.map((b) => (g.chance(0.05) ? b ^ (1 << g.int(0, 7)) : b));
    default:
      return g.pick([new Uint8Array(), enc.encode("\n"), enc.encode("cat\n"), new Uint8Array(9)]);
  }
}

/** A broken copy of a safetensors file. */
export function breakSafetensorsFile(g: Gen, file: Uint8Array): Uint8Array {
  const n = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  const header = (json: string) => {
    const bytes = enc.encode(json), length = new Uint8Array(8);
    new DataView(length.buffer).setBigUint64(0, BigInt(bytes.length), true);
    return concat([length, bytes, file.subarray(8 + n)]);
  };
  const entry = (e: string) => header(`{"t":${e}}`);
  switch (g.int(0, 5)) {
    case 0: // truncated
      return file.subarray(0, g.int(0, Math.max(0, file.length - 1)));
    case 1: { // a header length past the end, or huge
      const big = g.pick([2n ** 64n - 1n, 2n ** 53n + 1n, BigInt(file.length), 2n ** 31n]);
      const out = file.slice();
      new DataView(out.buffer).setBigUint64(0, big, true);
      return out;
    }
    case 2: // a header that is not UTF-8, not JSON, or not an object
      return g.pick([
        splice(file, 8, 1, new Uint8Array([0xc3])),
        header("{"),
        header("[1, 2]"),
        header('{"__metadata__": {"a": 1}}'),
      ]);
    case 3: // a wrong dtype, shape or offsets
      return g.pick([
        entry('{"dtype":"F128","shape":[1],"data_offsets":[0,16]}'),
        entry('{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}'),
        entry('{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}'),
        entry('{"dtype":"F32","shape":[2147483648,0],"data_offsets":[0,0]}'),
        entry('{"dtype":"F32","shape":[65536,65536],"data_offsets":[0,17179869184]}'),
        entry('{"dtype":"F32","shape":[1],"data_offsets":[4,8]}'),
        entry('{"dtype":"I64","shape":[1],"data_offsets":[0,8]}'),
        entry("null"),
      ]);
    case 4: // flipped bytes
      return file.map((b) => (g.chance(0.05) ? b ^ (1 << g.int(0, 7)) : b));
    default:
      return g.pick([new Uint8Array(), new Uint8Array(8), header("{}")]);
  }
}
