/**
 * MD5 (RFC 1321) of a byte string, for `hashingTrick`'s stable word hash.
 * Tested against RFC 1321's test suite and Python's `hashlib.md5`.
 */

/** Per-round shift amounts. */
const SHIFTS = [
  7,
  12,
  17,
  22,
  7,
  12,
  17,
  22,
  7,
  12,
  17,
  22,
  7,
  12,
  17,
  22,
  5,
  9,
  14,
  20,
  5,
  9,
  14,
  20,
  5,
  9,
  14,
  20,
  5,
  9,
  14,
  20,
  4,
  11,
  16,
  23,
  4,
  11,
  16,
  23,
  4,
  11,
  16,
  23,
  4,
  11,
  16,
  23,
  6,
  10,
  15,
  21,
  6,
  10,
  15,
  21,
  6,
  10,
  15,
  21,
  6,
  10,
  15,
  21,
];

/** `floor(abs(sin(i + 1)) * 2^32)`, as RFC 1321 defines the table. */
const K = Int32Array.from(
  { length: 64 },
  (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32),
);

/** The padded message as little-endian 32-bit words. */
function padded(bytes: Uint8Array): Int32Array {
  const words = ((bytes.length + 8) >>> 6) * 16 + 16;
  const buffer = new Uint8Array(words * 4);
  buffer.set(bytes);
  buffer[bytes.length] = 0x80;
  const view = new DataView(buffer.buffer);
  const bits = bytes.length * 8;
  view.setUint32(words * 4 - 8, bits >>> 0, true);
  view.setUint32(words * 4 - 4, Math.floor(bits / 2 ** 32), true);
  const out = new Int32Array(words);
  for (let i = 0; i < words; i++) out[i] = view.getInt32(i * 4, true);
  return out;
}

/**
 * The MD5 digest of `bytes`.
 *
 * @param bytes The message.
 * @returns The 16-byte digest.
 */
export function md5(bytes: Uint8Array): Uint8Array {
  const m = padded(bytes);
  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  for (let block = 0; block < m.length; block += 16) {
    let a = a0, b = b0, c = c0, d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number;
      let g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const sum = (a + f + K[i] + m[block + g]) | 0;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << SHIFTS[i]) | (sum >>> (32 - SHIFTS[i])))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  const digest = new Uint8Array(16);
  const view = new DataView(digest.buffer);
  [a0, b0, c0, d0].forEach((word, i) => view.setInt32(i * 4, word, true));
  return digest;
}

/**
 * The digest as Python's `int(md5(w).hexdigest(), 16)` reads it (big-endian).
 *
 * @param bytes The message.
 * @returns The digest as a 128-bit unsigned integer.
 */
export function md5BigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of md5(bytes)) value = (value << 8n) | BigInt(byte);
  return value;
}
