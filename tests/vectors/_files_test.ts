/**
 * checkPath and fileError (src/vectors/_files.ts): the boundary of every
 * loader and saver names the function and the path, and turns the file
 * system's errors into RangeErrors with the original as `cause`.
 */

import assert from "node:assert/strict";
import { checkPath, fileError, notAFile } from "../../src/vectors/_files.ts";

Deno.test("checkPath() rejects non-strings, empty strings and NUL bytes, naming the function", () => {
  assert.throws(() => checkPath(3, "f()"), { name: "TypeError", message: /^f\(\): path is 3 but/ });
  assert.throws(() => checkPath("", "f()"), { name: "TypeError", message: /^f\(\): path is ""/ });
  assert.throws(() => checkPath("a\0b", "f()"), {
    name: "TypeError",
    message: 'f(): path is "a\\u0000b" but must not contain a NUL byte',
  });
  checkPath("a/b.txt", "f()");
});

Deno.test("fileError() names the function, the path and the meaning of the error code", () => {
  const cause = Object.assign(new Error("ENOENT: open"), { code: "ENOENT" });
  const err = fileError(cause, "loadGlove()", "/x/y.txt", "read");
  assert.ok(err instanceof RangeError);
  assert.equal(
    err.message,
    'loadGlove(): path "/x/y.txt" cannot be read: no such file or directory (ENOENT)',
  );
  assert.equal(err.cause, cause);
  const other = fileError(new Error("disk on fire"), "saveGlove()", "/x", "written");
  assert.equal(other.message, 'saveGlove(): path "/x" cannot be written: disk on fire');
  const ours = new RangeError("saveGlove(): key 0 is bad");
  assert.equal(fileError(ours, "saveGlove()", "/x", "written"), ours);
  assert.equal(notAFile("f()", "/d", true).message, 'f(): path "/d" is a directory');
});
