/**
 * What the text and binary readers share: options, progress, the header
 * line, words decoded as strict UTF-8, error messages that name the line or
 * byte, and the result (duplicates dropped after the first, as gensim does).
 */

import { allocTensor, hostView, type Tensor } from "../tensor/tensor.ts";
import type { ChunkedFile } from "./_chunked_file.ts";
import { latin1 } from "./_floats.ts";
import { z } from "npm:zod@^4.1.0";
import { inRange, parseOptions } from "../ops/_options.ts";

/** Progress of a load, reported after every chunk read. */
export interface LoadProgress {
  /** Bytes read so far. */
  readonly bytesRead: number;
  /** Size of the file. */
  readonly totalBytes: number;
  /** Vectors read so far. */
  readonly vectors: number;
}

/** Options every loader takes. */
export interface LoadOptions {
  /** Read at most this many vectors (the first ones); `null` reads all. */
  limit?: number | null;
  /** Called after every chunk read (about every 4 MiB) and once at the end. */
  onProgress?: ((progress: LoadProgress) => void) | null;
}

/** A function that can be called (a class cannot: it needs `new`); never throws. */
function isCallable(v: unknown): boolean {
  if (typeof v !== "function") return false;
  try {
    return !/^class[\s{]/.test(Function.prototype.toString.call(v));
  } catch {
    return true; // A Proxy of a function: callable.
  }
}

const loadFields = {
  limit: inRange(z.number(), (n) => Number.isInteger(n) && n >= 0, "must be a non-negative integer")
    .nullable().optional(),
  onProgress: z.custom<(p: LoadProgress) => void>(isCallable).nullable().optional(),
};
const loadSchema = z.strictObject(loadFields);
const word2vecSchema = z.strictObject({ ...loadFields, binary: z.boolean().optional() });
const EXPECTED = {
  limit: "a non-negative integer or null",
  onProgress: "a function (not a class) or null",
  binary: "a boolean",
};

/**
 * Checks a loader's options (`limit`, `onProgress`, and `binary` when
 * `binary` is true) through the one validation path: unknown options, values
 * of the wrong kind, Proxies and getters that throw are `TypeError`s naming
 * `who`. Returns a checked copy.
 */
export function checkLoadOptions(
  o: unknown,
  who: string,
  binary = false,
): LoadOptions & { binary?: boolean } {
  return parseOptions(binary ? word2vecSchema : loadSchema, o, who, EXPECTED);
}

/** Strict UTF-8 that keeps a leading U+FEFF, as Python's `bytes.decode("utf-8")`. */
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The UTF-8 text of `u8[start, end)`, or `undefined` when it is not valid UTF-8. */
export function decodeWord(u8: Uint8Array, start: number, end: number): string | undefined {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (u8[i] >= 128) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    return end - start < 64 ? latin1(u8, start, end) : utf8.decode(u8.subarray(start, end));
  }
  try {
    return utf8.decode(u8.subarray(start, end));
  } catch {
    return undefined;
  }
}

/** Builds `who: <where> of <path>: <what>` errors. */
export function failure(who: string, path: string) {
  return (where: string, what: string): RangeError =>
    new RangeError(`${who}: ${where} of ${path}: ${what}`);
}

/**
 * Reads the `V D` header line. Returns the sizes; the window then starts on
 * the next line.
 */
export async function readHeader(
  f: ChunkedFile,
  fail: ReturnType<typeof failure>,
): Promise<[number, number]> {
  let nl = -1;
  while ((nl = f.buf.indexOf(10, f.pos)) < 0 || nl >= f.end) {
    if (f.end - f.pos > 4096 || !(await f.more())) break;
  }
  const stop = nl >= 0 && nl < f.end ? nl : f.end;
  const text = latin1(f.buf, f.pos, Math.min(stop, f.pos + 80)).trim();
  const parts = text.split(/\s+/);
  if (nl < 0 || nl >= f.end || parts.length !== 2 || !parts.every((p) => /^\d+$/.test(p))) {
    throw fail("line 1 (byte 0)", `the header is ${JSON.stringify(text)} but must be "V D"`);
  }
  f.pos = nl + 1;
  return [Number(parts[0]), Number(parts[1])];
}

/** Repeated keys handled by a scan of the keys (O(V) each) before lookups go first. */
const FEW_DUPLICATES = 16;

/** The table being filled, and the keys read so far. */
export class Filling {
  readonly table: Tensor<"float32">;
  readonly f32: Float32Array;
  readonly keys: string[] = [];
  readonly index: Map<string, number> = new Map();
  duplicates = 0;

  constructor(readonly V: number, readonly D: number, who: string) {
    this.table = allocTensor([V, D], "float32", who);
    this.f32 = hostView(this.table);
  }

  /** Row the next vector goes to. */
  get row(): number {
    return this.keys.length;
  }

  /**
   * Keeps the vector just written at `row` under `key`, unless the key was
   * seen (then it is dropped).
   *
   * @returns Whether the key was new.
   */
  add(key: string): boolean {
    const index = this.index, row = this.keys.length;
    if (this.duplicates < FEW_DUPLICATES) {
      // One lookup, not two: a repeated key is rare, its first row is found again.
      index.set(key, row);
      if (index.size === row) {
        index.set(key, this.keys.indexOf(key));
        this.duplicates++;
        return false;
      }
    } else if (index.has(key)) {
      this.duplicates++;
      return false;
    } else index.set(key, row);
    this.keys.push(key);
    return true;
  }

  /** The table, cut to the rows kept when duplicates were dropped (copied then). */
  finish(who: string): Tensor<"float32"> {
    if (this.keys.length === this.V) return this.table;
    const out = allocTensor([this.keys.length, this.D], "float32", who);
    hostView(out).set(this.f32.subarray(0, this.keys.length * this.D));
    return out;
  }
}
