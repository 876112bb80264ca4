/**
 * What the file loaders and savers share at their boundary: the path check,
 * and the translation of the file system's errors (`ENOENT`, `EISDIR`, ...,
 * as `node:fs` raises them in Deno, Bun and Node) into a `RangeError` naming
 * the function and the path, with the original error as its `cause`.
 *
 * @module
 */

import { describe, errorText } from "../tensor/_nested.ts";

/** Checks a path argument: a non-empty string without NUL bytes. */
export function checkPath(path: unknown, who: string): asserts path is string {
  if (typeof path !== "string" || path === "") {
    throw new TypeError(`${who}: path is ${describe(path)} but must be a non-empty string`);
  }
  if (path.includes("\0")) {
    throw new TypeError(`${who}: path is ${describe(path)} but must not contain a NUL byte`);
  }
}

/** A path for a message: in full up to 200 characters (then described). */
export function showPath(path: string): string {
  return path.length <= 200 ? JSON.stringify(path) : describe(path);
}

/** What the common error codes mean, for messages. */
const MEANING: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of it is not a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENAMETOOLONG: "the name is too long",
  ENOSPC: "no space left on the device",
  EROFS: "the file system is read-only",
  ELOOP: "too many symbolic links",
  EBUSY: "the file is busy",
};

/** The `code` of a file system error, or undefined; never throws. */
function codeOf(err: unknown): string | undefined {
  try {
    const code = (err as { code?: unknown } | null)?.code;
    return typeof code === "string" ? code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The error to throw when `path` cannot be read or written:
 * `who: path "..." cannot be read: no such file or directory (ENOENT)`.
 * An error that is already ours (a `TypeError`/`RangeError` naming `who`) is
 * returned as it is.
 */
export function fileError(
  err: unknown,
  who: string,
  path: string,
  doing: "read" | "written",
): Error {
  if (
    (err instanceof RangeError || err instanceof TypeError) && err.message.startsWith(`${who}: `)
  ) {
    return err;
  }
  const code = codeOf(err);
  const why = code !== undefined && code in MEANING ? `${MEANING[code]} (${code})` : errorText(err);
  return new RangeError(`${who}: path ${showPath(path)} cannot be ${doing}: ${why}`, {
    cause: err,
  });
}

/** The error for a path that names a directory or a device rather than a file. */
export function notAFile(who: string, path: string, isDirectory: boolean): RangeError {
  return new RangeError(
    `${who}: path ${showPath(path)} is ${isDirectory ? "a directory" : "not a regular file"}`,
  );
}
