/**
 * The safetensors layout: an 8-byte little-endian header length `N`, `N`
 * bytes of JSON (`{"__metadata__": {...}, name: {dtype, shape,
 * data_offsets: [begin, end]}}`, offsets relative to the end of the header),
 * then the raw little-endian data. Checked as the reference implementation
 * checks it: known dtypes, sizes that match the shapes, offsets in bounds,
 * and the tensors covering the data without holes or overlaps.
 */

import type { DType } from "../graph/node.ts";

/** Bytes per element of each safetensors dtype, and the Tessera dtype it loads as. */
export const DTYPES: Readonly<Record<string, { bytes: number; as: DType }>> = {
  F64: { bytes: 8, as: "float32" },
  F32: { bytes: 4, as: "float32" },
  F16: { bytes: 2, as: "float32" },
  BF16: { bytes: 2, as: "float32" },
  I64: { bytes: 8, as: "int32" },
  I32: { bytes: 4, as: "int32" },
  I16: { bytes: 2, as: "int32" },
  I8: { bytes: 1, as: "int32" },
  U8: { bytes: 1, as: "int32" },
  BOOL: { bytes: 1, as: "int32" },
};

/** One tensor's entry in the header. */
export interface Entry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

/** Parses and checks a header; `fail(byte, what)` builds the error. */
export function parseHeader(
  text: string,
  dataBytes: number,
  fail: (byte: number, what: string) => RangeError,
): Entry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw fail(8, `the header is not valid JSON (${(err as Error).message})`);
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw fail(8, "the header is not a JSON object");
  }
  const entries: Entry[] = [];
  for (const [name, v] of Object.entries(json as Record<string, unknown>)) {
    if (name === "__metadata__") {
      const ok = v !== null && typeof v === "object" &&
        Object.values(v as object).every((x) => typeof x === "string");
      if (!ok) throw fail(8, "__metadata__ must map strings to strings");
      continue;
    }
    const e = v as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const what = `tensor ${JSON.stringify(name)}`;
    if (e === null || typeof e !== "object") throw fail(8, `${what} is not an object`);
    const info = typeof e.dtype === "string" ? DTYPES[e.dtype] : undefined;
    if (info === undefined) {
      throw fail(8, `${what} has dtype ${JSON.stringify(e.dtype)}, which is not supported`);
    }
    const isInts = (x: unknown, n?: number): x is number[] =>
      Array.isArray(x) && (n === undefined || x.length === n) &&
      x.every((d) => Number.isSafeInteger(d) && d >= 0);
    if (!isInts(e.shape)) throw fail(8, `${what} has shape ${JSON.stringify(e.shape)}`);
    if (!isInts(e.data_offsets, 2)) {
      throw fail(8, `${what} has data_offsets ${JSON.stringify(e.data_offsets)}`);
    }
    const [begin, end] = e.data_offsets;
    const want = e.shape.reduce((a, b) => a * b, 1) * info.bytes;
    if (end - begin !== want) {
      throw fail(
        8,
        `${what} of shape [${e.shape}] needs ${want} bytes but data_offsets span ${end - begin}`,
      );
    }
    entries.push({ name, dtype: e.dtype as string, shape: e.shape, begin, end });
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of sorted) {
    if (e.begin !== at) {
      throw fail(
        8,
        `tensor ${
          JSON.stringify(e.name)
        } starts at data byte ${e.begin} but the previous one ends at ${at}`,
      );
    }
    at = e.end;
  }
  if (at !== dataBytes) {
    throw fail(8, `the tensors cover ${at} data bytes but the file holds ${dataBytes}`);
  }
  return entries;
}

/** Converts `bytes` of a dtype into the float32 or int32 `out`, or returns a failure message. */
export function convert(
  dtype: string,
  bytes: Uint8Array,
  out: Float32Array | Int32Array,
): string | undefined {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = out.length;
  for (let i = 0; i < n; i++) {
    let v: number;
    switch (dtype) {
      case "F64":
        v = dv.getFloat64(8 * i, true);
        break;
      case "F16":
        v = half(dv.getUint16(2 * i, true));
        break;
      case "BF16":
        bits[0] = dv.getUint16(2 * i, true) << 16;
        v = bf[0];
        break;
      case "I64": {
        const big = dv.getBigInt64(8 * i, true);
        if (big < -2147483648n || big > 2147483647n) return `element ${i} is ${big}, outside int32`;
        v = Number(big);
        break;
      }
      case "I16":
        v = dv.getInt16(2 * i, true);
        break;
      case "I8":
        v = dv.getInt8(i);
        break;
      default:
        v = dv.getUint8(i); // U8, BOOL
    }
    out[i] = v;
  }
  return undefined;
}

const bits = new Uint32Array(1), bf = new Float32Array(bits.buffer);

function half(h: number): number {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 31, m = h & 1023;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}
