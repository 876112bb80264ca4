/**
 * writeAtomically (src/vectors/_atomic_write.ts): a write that fails midway
 * leaves the target as it was and no temporary file; one that succeeds
 * replaces it whole.
 */

import assert from "node:assert/strict";
import { writeAtomically } from "../../src/vectors/_atomic_write.ts";
import { tempPath } from "./_files.ts";

Deno.test("writeAtomically() leaves the target untouched when writing fails midway", async () => {
  const path = tempPath("t.bin");
  Deno.writeTextFileSync(path, "before");
  const dir = path.slice(0, path.lastIndexOf("/"));
  await assert.rejects(
    writeAtomically(path, "test()", async (write) => {
      await write(new Uint8Array(3 << 20)); // more than the buffer: reaches the disk
      throw new Error("disk full");
    }),
    /disk full/,
  );
  assert.equal(Deno.readTextFileSync(path), "before");
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["t.bin"]);
  await writeAtomically(path, "test()", (write) => write(new TextEncoder().encode("after")));
  assert.equal(Deno.readTextFileSync(path), "after");
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["t.bin"]);
});

Deno.test("writeAtomically() names the function and the path when the target is a directory or its folder is missing", async () => {
  const path = tempPath("d");
  Deno.mkdirSync(path);
  const dir = path.slice(0, path.lastIndexOf("/"));
  const bytes = (write: (b: Uint8Array) => Promise<void>) => write(new Uint8Array(4));
  await assert.rejects(writeAtomically(path, "test()", bytes), (err: Error) => {
    assert.ok(err instanceof RangeError);
    assert.equal(err.message, `test(): path ${JSON.stringify(path)} is a directory`);
    return true;
  });
  await assert.rejects(writeAtomically(`${path}/missing/x.bin`, "test()", bytes), (err: Error) => {
    assert.ok(err instanceof RangeError);
    assert.match(
      err.message,
      /^test\(\): path ".*x\.bin" cannot be written: no such file or directory \(ENOENT\)$/,
    );
    assert.equal((err.cause as { code?: string }).code, "ENOENT");
    return true;
  });
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["d"]);
  assert.deepEqual([...Deno.readDirSync(path)], []);
});
