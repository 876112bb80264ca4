/**
 * Reading a file in chunks through `node:fs` (which Deno, Bun and Node all
 * provide), keeping the unread tail of the previous chunk in front of the
 * next one, so parsers see whole lines or records without loading the file.
 */

import { type FileHandle, open } from "node:fs/promises";

/** Bytes read per chunk. */
const CHUNK = 1 << 22;

/** A window `[pos, end)` of unread bytes over a file. */
export class ChunkedFile {
  /** The window's buffer; bytes `[pos, end)` are unread. */
  buf: Uint8Array;
  pos = 0;
  end = 0;
  /** File offset of `buf[0]`. */
  base = 0;
  /** Whether the whole file has been read into the window at least once. */
  eof = false;
  readonly size: number;
  readonly #handle: FileHandle;

  private constructor(handle: FileHandle, size: number) {
    this.#handle = handle;
    this.size = size;
    this.buf = new Uint8Array(Math.min(CHUNK, Math.max(size, 1)));
  }

  /** Opens a file for reading (the file system's error when it cannot). */
  static async open(path: string): Promise<ChunkedFile> {
    const handle = await open(path, "r");
    try {
      const { size } = await handle.stat();
      return new ChunkedFile(handle, size);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** File offset of buffer index `i`. */
  offset(i: number): number {
    return this.base + i;
  }

  /** Bytes read from the file so far. */
  get bytesRead(): number {
    return this.base + this.end;
  }

  /**
   * Moves the unread bytes to the front and reads more after them (growing
   * the buffer when the unread part fills it).
   *
   * @returns Whether any byte was added (false at the end of the file).
   */
  async more(): Promise<boolean> {
    if (this.eof) return false;
    if (this.pos > 0) {
      this.buf.copyWithin(0, this.pos, this.end);
      this.base += this.pos;
      this.end -= this.pos;
      this.pos = 0;
    }
    if (this.end === this.buf.length) {
      const bigger = new Uint8Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    const { bytesRead } = await this.#handle.read(
      this.buf,
      this.end,
      this.buf.length - this.end,
      this.base + this.end,
    );
    this.end += bytesRead;
    if (bytesRead === 0 || this.base + this.end >= this.size) this.eof = true;
    return bytesRead > 0;
  }

  /** Reads exactly `length` bytes at file offset `at` into `into[start ..]`, bypassing the window. */
  async readAt(into: Uint8Array, start: number, length: number, at: number): Promise<number> {
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.#handle.read(into, start + done, length - done, at + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done;
  }

  /** Closes the file. */
  close(): Promise<void> {
    return this.#handle.close();
  }
}
