/**
 * Low-level encoders for the WebAssembly binary format: LEB128 integers,
 * little-endian floats, UTF-8 names and length-prefixed vectors.
 *
 * Every encoder returns a fresh `number[]` of bytes (0..255) so that callers
 * can append it with {@link append}. Private to `src/wasm/`.
 *
 * @module
 */

import type { BlockType, ValType } from "./types.ts";

const U32_MAX = 0xffff_ffff;
const S32_MIN = -0x8000_0000;
const S32_MAX = 0x7fff_ffff;
const U64_MAX = (1n << 64n) - 1n;
const S64_MIN = -(1n << 63n);
const S64_MAX = (1n << 63n) - 1n;

/**
 * Encodes an unsigned 32-bit integer as unsigned LEB128.
 *
 * @param value Integer in `[0, 2^32 - 1]`.
 * @returns The LEB128 bytes (1 to 5 of them).
 * @throws {RangeError} If `value` is not an integer in range.
 */
export function u32(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > U32_MAX) {
    throw new RangeError(`u32(): ${value} is not an unsigned 32-bit integer`);
  }
  const out: number[] = [];
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest = rest >>> 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

/**
 * Encodes a signed 32-bit integer as signed LEB128.
 *
 * @param value Integer in `[-2^31, 2^31 - 1]`.
 * @returns The LEB128 bytes (1 to 5 of them).
 * @throws {RangeError} If `value` is not an integer in range.
 */
export function s32(value: number): number[] {
  if (!Number.isInteger(value) || value < S32_MIN || value > S32_MAX) {
    throw new RangeError(`s32(): ${value} is not a signed 32-bit integer`);
  }
  const out: number[] = [];
  let rest = value;
  for (;;) {
    const byte = rest & 0x7f;
    rest = rest >> 7;
    const signBitSet = (byte & 0x40) !== 0;
    if ((rest === 0 && !signBitSet) || (rest === -1 && signBitSet)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/**
 * Encodes an unsigned 64-bit integer as unsigned LEB128.
 *
 * @param value Integer in `[0, 2^64 - 1]`.
 * @returns The LEB128 bytes (1 to 10 of them).
 * @throws {RangeError} If `value` is out of range.
 */
export function u64(value: bigint): number[] {
  if (value < 0n || value > U64_MAX) {
    throw new RangeError(`u64(): ${value} is not an unsigned 64-bit integer`);
  }
  const out: number[] = [];
  let rest = value;
  do {
    let byte = Number(rest & 0x7fn);
    rest >>= 7n;
    if (rest !== 0n) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0n);
  return out;
}

/**
 * Encodes a signed 64-bit integer as signed LEB128.
 *
 * @param value Integer in `[-2^63, 2^63 - 1]`.
 * @returns The LEB128 bytes (1 to 10 of them).
 * @throws {RangeError} If `value` is out of range.
 */
export function s64(value: bigint): number[] {
  if (value < S64_MIN || value > S64_MAX) {
    throw new RangeError(`s64(): ${value} is not a signed 64-bit integer`);
  }
  const out: number[] = [];
  let rest = value;
  for (;;) {
    const byte = Number(rest & 0x7fn);
    rest >>= 7n; // arithmetic shift: BigInt keeps the sign
    const signBitSet = (byte & 0x40) !== 0;
    if ((rest === 0n && !signBitSet) || (rest === -1n && signBitSet)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/**
 * Encodes a number as an IEEE 754 binary32, little-endian.
 *
 * @param value Any number; it is rounded to the nearest float32.
 * @returns Four bytes.
 */
export function f32(value: number): number[] {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value, true);
  return [...new Uint8Array(view.buffer)];
}

/**
 * Encodes a number as an IEEE 754 binary64, little-endian.
 *
 * @param value Any number.
 * @returns Eight bytes.
 */
export function f64(value: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, true);
  return [...new Uint8Array(view.buffer)];
}

/**
 * Encodes a string as a WebAssembly `name`: u32 byte length, then UTF-8.
 *
 * @param text The string to encode.
 * @returns The length-prefixed UTF-8 bytes.
 */
export function name(text: string): number[] {
  const utf8 = new TextEncoder().encode(text);
  return [...u32(utf8.length), ...utf8];
}

/**
 * Encodes a vector: u32 element count, then the concatenated elements.
 *
 * @param items Already-encoded elements.
 * @returns The vector bytes.
 */
export function vec(items: readonly (readonly number[])[]): number[] {
  const out = u32(items.length);
  for (const item of items) append(out, item);
  return out;
}

/**
 * Encodes a module section: id byte, u32 byte size, then the contents.
 *
 * @param id Section id (0 custom, 1 type, 2 import, ... 12 data count).
 * @param contents Section contents.
 * @returns The section bytes.
 */
export function section(id: number, contents: readonly number[]): number[] {
  const out = [id, ...u32(contents.length)];
  append(out, contents);
  return out;
}

/**
 * Appends `bytes` to `out` in place (safe for very long arrays, unlike
 * `out.push(...bytes)`).
 *
 * @param out Destination array.
 * @param bytes Bytes to append.
 */
export function append(out: number[], bytes: ArrayLike<number>): void {
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i]);
}

const VAL_TYPE_CODES: Readonly<Record<ValType, number>> = {
  i32: 0x7f,
  i64: 0x7e,
  f32: 0x7d,
  f64: 0x7c,
  v128: 0x7b,
};

/**
 * Encodes a value type as its one-byte code.
 *
 * @param type The value type.
 * @param method Name of the public method, for the error message.
 * @returns The type code (0x7f i32 ... 0x7b v128).
 * @throws {TypeError} If `type` is not a value type.
 */
export function valType(type: ValType, method: string): number {
  const code = Object.hasOwn(VAL_TYPE_CODES, type) ? VAL_TYPE_CODES[type] : undefined;
  if (code === undefined) {
    throw new TypeError(
      `${method}: unknown value type ${JSON.stringify(type)} (expected i32, i64, f32, f64 or v128)`,
    );
  }
  return code;
}

/**
 * Encodes a block type: 0x40 for `"void"`, otherwise the value type code.
 *
 * @param type The block type.
 * @param method Name of the public method, for the error message.
 * @returns One byte.
 * @throws {TypeError} If `type` is neither `"void"` nor a value type.
 */
export function blockType(type: BlockType, method: string): number {
  return type === "void" ? 0x40 : valType(type, method);
}
