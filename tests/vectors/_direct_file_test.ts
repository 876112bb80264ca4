/**
 * DirectFile (src/vectors/_direct_file.ts): direct reads put file offset
 * `o` at `buf[base + o]`, ahead of the reader, stop where the next
 * read would pass the region's end, and decline what they cannot do.
 */

import assert from "node:assert/strict";
import { DirectFile } from "../../src/vectors/_direct_file.ts";
import { tempFile } from "./_files.ts";

/** A page-aligned shared buffer, as the arena's. */
function region(bytes: number): Uint8Array {
  const pages = Math.ceil(bytes / 65536);
  return new Uint8Array(
    new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true }).buffer,
  );
}

/** `n` bytes of a linear congruential sequence (no two 4 KiB pages alike). */
function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0, x = 3; i < n; i++) out[i] = (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 24;
  return out;
}

/** Reads until `more()` says no; returns the number of reads. */
async function drain(d: DirectFile): Promise<number> {
  let reads = 0;
  while (await d.more()) reads++;
  return reads;
}

const linux = Deno.build.os === "linux";

Deno.test({
  name: "DirectFile reads a file to base + offset after the window it goes on from",
  ignore: !linux,
  fn: async () => {
    const bytes = randomBytes(9 * 2 ** 20 + 123), path = tempFile(bytes, "d.bin");
    const buf = region(12 * 2 ** 20), from = 65536;
    const d = await DirectFile.open(
      path,
      bytes.length,
      buf,
      100,
      buf.length,
      bytes.subarray(from - 10, from),
      from,
    );
    assert.ok(d !== undefined);
    try {
      assert.equal(d.offset(d.pos), from - 10);
      assert.equal(d.pos, 4096 + from - 10); // base: 100 rounded up to 4096
      assert.equal(await drain(d), 3); // 4 MiB, 4 MiB, the rest
      assert.ok(d.eof);
      assert.equal(d.bytesRead, bytes.length);
      assert.equal(d.offset(d.end), bytes.length);
      assert.deepEqual(buf.subarray(d.pos, d.end), bytes.subarray(from - 10));
      assert.equal(await d.more(), false);
    } finally {
      await d.close();
    }
  },
});

Deno.test({
  name: "DirectFile stops before a read would pass the region's end",
  ignore: !linux,
  fn: async () => {
    const bytes = randomBytes(9 * 2 ** 20), path = tempFile(bytes, "d.bin");
    const buf = region(12 * 2 ** 20), from = 65536, stop = 4096 + 5 * 2 ** 20 + 100;
    const d = await DirectFile.open(path, bytes.length, buf, 4096, stop, new Uint8Array(0), from);
    assert.ok(d !== undefined);
    try {
      assert.equal(await drain(d), 2); // 4 MiB, then what fits in whole 4 KiB pages
      assert.equal(d.eof, false);
      assert.equal(d.bytesRead, 5 * 2 ** 20);
      assert.ok(d.end <= stop);
      assert.deepEqual(buf.subarray(d.pos, d.end), bytes.subarray(from, d.bytesRead));
      assert.equal(await d.more(), false);
    } finally {
      await d.close();
    }
  },
});

Deno.test("DirectFile declines a region without room for a read, or an unaligned offset", async () => {
  const bytes = randomBytes(2 ** 20), path = tempFile(bytes, "d.bin");
  const buf = region(2 ** 20), none = new Uint8Array(0);
  assert.equal(
    await DirectFile.open(path, bytes.length, buf, 0, 65536 + 4096, none, 65536),
    undefined,
  );
  assert.equal(
    await DirectFile.open(path, bytes.length, buf, 0, buf.length, none, 65537),
    undefined,
  );
  assert.equal(await DirectFile.open(`${path}.missing`, 1, buf, 0, buf.length, none, 0), undefined);
});
