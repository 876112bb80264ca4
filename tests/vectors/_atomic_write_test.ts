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
    writeAtomically(path, async (write) => {
      await write(new Uint8Array(3 << 20)); // more than the buffer: reaches the disk
      throw new Error("disk full");
    }),
    /disk full/,
  );
  assert.equal(Deno.readTextFileSync(path), "before");
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["t.bin"]);
  await writeAtomically(path, (write) => write(new TextEncoder().encode("after")));
  assert.equal(Deno.readTextFileSync(path), "after");
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["t.bin"]);
});
