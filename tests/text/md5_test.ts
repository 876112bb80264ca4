/** Tests of the MD5 digest against RFC 1321's test suite and Python's hashlib values. */

import assert from "node:assert/strict";
import { md5, md5Mod } from "../../src/text/_md5.ts";

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const utf8 = (s: string) => new TextEncoder().encode(s);

Deno.test("md5() matches RFC 1321's test suite", () => {
  const suite: [string, string][] = [
    ["", "d41d8cd98f00b204e9800998ecf8427e"],
    ["a", "0cc175b9c0f1b6a831c399e269772661"],
    ["abc", "900150983cd24fb0d6963f7d28e17f72"],
    ["message digest", "f96b697d7cb7938d525a2f31aaf161d0"],
    ["abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"],
    [
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
      "d174ab98d277d9f5a5611c2c9f419d9f",
    ],
    ["1234567890".repeat(8), "57edf4a22be3c955ac49da2e2107b67a"],
  ];
  for (const [text, digest] of suite) assert.equal(hex(md5(utf8(text))), digest, text);
});

Deno.test("md5() handles every padding boundary (Python's hashlib values)", () => {
  // hashlib.md5(b"a" * n).hexdigest() for n = 55, 56, 64 and b"x" * 1000.
  assert.equal(hex(md5(utf8("a".repeat(55)))), "ef1772b6dff9a122358552954ad0df65");
  assert.equal(hex(md5(utf8("a".repeat(56)))), "3b0c8ac703f828b04c6c197006d17218");
  assert.equal(hex(md5(utf8("a".repeat(64)))), "014842d480b571495a4a0363793f7367");
  assert.equal(hex(md5(utf8("x".repeat(1000)))), "398533d48111e9f664b1f64cb10c4b63");
});

Deno.test("md5Mod() reads the digest big-endian, as int(hexdigest, 16) % m", () => {
  const digest = 0x900150983cd24fb0d6963f7d28e17f72n; // md5("abc")
  const bytes = utf8("abc");
  for (const m of [1, 2, 49, 1000, 2 ** 31 - 1, 2 ** 45, 2 ** 45 + 1, 2 ** 53]) {
    assert.equal(md5Mod(bytes, 3, m), Number(digest % BigInt(m)), `m = ${m}`);
  }
  const padded = new Uint8Array([...bytes, 1, 2, 3]);
  assert.equal(md5Mod(padded, 3, 49), Number(digest % 49n));
});
