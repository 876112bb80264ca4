/**
 * Writing a file so that it never exists half-written: the bytes go to a
 * temporary file beside it, which is flushed to disk and renamed over the
 * target only once complete. On any failure the temporary file is removed
 * and an existing target is left as it was. The file system's errors become
 * `RangeError`s naming the function and the target path.
 */

import { open, rename, stat, unlink } from "node:fs/promises";
import { fileError, notAFile } from "./_files.ts";

/** Appends bytes to the file being written (buffered). */
export type Write = (bytes: Uint8Array) => Promise<void>;

const BUFFER = 1 << 20;

/** Rejects a target that exists but is not a regular file (a directory, a device). */
async function checkTarget(path: string, who: string): Promise<void> {
  let isFile = true, isDirectory = false;
  try {
    const s = await stat(path);
    isFile = s.isFile();
    isDirectory = s.isDirectory();
  } catch {
    return; // Missing (the usual case), or unreachable: creating the temporary file reports it.
  }
  if (!isFile) throw notAFile(who, path, isDirectory);
}

/**
 * Writes `path` with the bytes `produce` passes to `write`, atomically.
 *
 * @throws {RangeError} Naming `who` and `path` when the file system fails (the
 *   original error is the `cause`), or whatever `produce` throws; the target is
 *   then untouched and no temporary file is left.
 */
export async function writeAtomically(
  path: string,
  who: string,
  produce: (write: Write) => Promise<void>,
): Promise<void> {
  await checkTarget(path, who);
  const io = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      throw fileError(err, who, path, "written");
    }
  };
  const tmp = `${path}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  const handle = await io(() => open(tmp, "wx"));
  let open_ = true, done = false;
  try {
    const buf = new Uint8Array(BUFFER);
    let used = 0;
    const put = async (bytes: Uint8Array, from: number, to: number) => {
      for (let at = from; at < to;) {
        at += (await io(() => handle.write(bytes, at, to - at))).bytesWritten;
      }
    };
    const flush = async () => {
      await put(buf, 0, used);
      used = 0;
    };
    const write: Write = async (bytes) => {
      if (used + bytes.length > buf.length) await flush();
      if (bytes.length > buf.length) await put(bytes, 0, bytes.length);
      else {
        buf.set(bytes, used);
        used += bytes.length;
      }
    };
    await produce(write);
    await flush();
    await io(() => handle.sync());
    open_ = false;
    await io(() => handle.close());
    await io(() => rename(tmp, path));
    done = true;
  } finally {
    if (open_) await handle.close().catch(() => {});
    if (!done) await unlink(tmp).catch(() => {});
  }
}
