/**
 * MD5 (RFC 1321) of a byte string, for `hashingTrick`'s stable word hash.
 * Tested against RFC 1321's test suite and Python's `hashlib.md5`.
 */

/** The four shift amounts of each of the four rounds (RFC 1321). */
const ROUND_SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
/** The shift of each of the 64 steps. */
const SHIFTS = Int32Array.from({ length: 64 }, (_, i) => ROUND_SHIFTS[((i >> 4) << 2) | (i & 3)]);

/** `floor(abs(sin(i + 1)) * 2^32)`, as RFC 1321 defines the table. */
const K = Int32Array.from(
  { length: 64 },
  (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32),
);

let block = new Int32Array(32);
const state = new Int32Array(4);

/** The padded message as little-endian 32-bit words (a reused buffer). */
function padded(bytes: Uint8Array, length: number): Int32Array {
  const words = ((length + 8) >>> 6) * 16 + 16;
  if (block.length < words) block = new Int32Array(words * 2);
  block.fill(0, 0, words);
  for (let i = 0; i < length; i++) block[i >> 2] |= bytes[i] << ((i & 3) * 8);
  block[length >> 2] |= 0x80 << ((length & 3) * 8);
  block[words - 2] = (length * 8) | 0;
  block[words - 1] = Math.floor(length / 2 ** 29);
  return block.length === words ? block : block.subarray(0, words);
}

/** MD5 of `bytes[0, length)` into `state` (a0, b0, c0, d0 as little-endian words). */
function digestInto(bytes: Uint8Array, length: number): void {
  const m = padded(bytes, length);
  let a0 = 0x67452301;
  let b0 = 0xefcdab89 | 0;
  let c0 = 0x98badcfe | 0;
  let d0 = 0x10325476;
  for (let at = 0; at < m.length; at += 16) {
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
      const sum = (a + f + K[i] + m[at + g]) | 0;
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
  state[0] = a0;
  state[1] = b0;
  state[2] = c0;
  state[3] = d0;
}

/**
 * The MD5 digest of `bytes`.
 *
 * @param bytes The message.
 * @returns The 16-byte digest.
 */
export function md5(bytes: Uint8Array): Uint8Array {
  digestInto(bytes, bytes.length);
  return new Uint8Array(state.slice().buffer);
}

/**
 * `int(md5(bytes).hexdigest(), 16) % m` (the digest read big-endian, as
 * Python does), for `1 <= m <= 2^53`, on `bytes[0, length)`.
 *
 * @param bytes The message buffer.
 * @param length How many bytes of it to hash.
 * @param m The modulus.
 * @returns The remainder.
 */
export function md5Mod(bytes: Uint8Array, length: number, m: number): number {
  digestInto(bytes, length);
  if (m <= 2 ** 45) {
    // Horner over the 16 digest bytes; r * 256 + 255 stays below 2^53.
    let r = 0;
    for (let k = 0; k < 16; k++) r = (r * 256 + ((state[k >> 2] >>> ((k & 3) * 8)) & 255)) % m;
    return r;
  }
  let value = 0n;
  for (let k = 0; k < 16; k++) {
    value = (value << 8n) | BigInt((state[k >> 2] >>> ((k & 3) * 8)) & 255);
  }
  return Number(value % BigInt(m));
}
