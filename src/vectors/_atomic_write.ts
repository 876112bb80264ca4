/**
 * Writing a file so that it never exists half-written: the bytes go to a
 * temporary file beside it, which is flushed to disk and renamed over the
 * target only once complete. On any failure the temporary file is removed
 * and an existing target is left as it was.
 */

import { open, rename, unlink } from "node:fs/promises";

/** Appends bytes to the file being written (buffered). */
export type Write = (bytes: Uint8Array) => Promise<void>;

const BUFFER = 1 << 20;

/**
 * Writes `path` with the bytes `produce` passes to `write`, atomically.
 *
 * @throws The file system's error, or whatever `produce` throws; the target is then untouched.
 */
export async function writeAtomically(
  path: string,
  produce: (write: Write) => Promise<void>,
): Promise<void> {
  const tmp = `${path}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  const handle = await open(tmp, "wx");
  let open_ = true, done = false;
  try {
    const buf = new Uint8Array(BUFFER);
    let used = 0;
    const flush = async () => {
      for (let at = 0; at < used;) at += (await handle.write(buf, at, used - at)).bytesWritten;
      used = 0;
    };
    const write: Write = async (bytes) => {
      if (used + bytes.length > buf.length) await flush();
      if (bytes.length > buf.length) {
        for (let at = 0; at < bytes.length;) {
          at += (await handle.write(bytes, at, bytes.length - at)).bytesWritten;
        }
      } else {
        buf.set(bytes, used);
        used += bytes.length;
      }
    };
    await produce(write);
    await flush();
    await handle.sync();
    open_ = false;
    await handle.close();
    await rename(tmp, path);
    done = true;
  } finally {
    if (open_) await handle.close().catch(() => {});
    if (!done) await unlink(tmp).catch(() => {});
  }
}
