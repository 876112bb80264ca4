/**
 * Reading a file in chunks through `node:fs` (which Deno, Bun and Node all
 * provide), keeping the unread tail of the previous chunk in front of the
 * next one, so parsers see whole lines or records without loading the file.
 */

import { type FileHandle, open } from "node:fs/promises";
import { fileError, notAFile } from "./_files.ts";

/** Bytes read per chunk. */
export const CHUNK = 1 << 22;

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
  readonly #fail: (err: unknown) => Error;

  private constructor(
    handle: FileHandle,
    size: number,
    fail: (err: unknown) => Error,
    chunk: number,
  ) {
    this.#handle = handle;
    this.size = size;
    this.#fail = fail;
    this.buf = new Uint8Array(Math.min(chunk, Math.max(size, 1)));
  }

  /**
   * Opens a regular file for reading, `chunk` bytes at a time (the window
   * grows when a record needs more).
   *
   * @throws {RangeError} Naming `who` and the path when it cannot be opened, or is a
   *   directory or device (the file system's error is the `cause`).
   */
  static async open(path: string, who: string, chunk = CHUNK): Promise<ChunkedFile> {
    const fail = (err: unknown) => fileError(err, who, path, "read");
    let handle: FileHandle;
    try {
      handle = await open(path, "r");
    } catch (err) {
      throw fail(err);
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw notAFile(who, path, stat.isDirectory());
      return new ChunkedFile(handle, stat.size, fail, chunk);
    } catch (err) {
      await handle.close().catch(() => {});
      throw fail(err);
    }
  }

  /** `handle.read`, its errors named as the file's. */
  async #read(into: Uint8Array, start: number, length: number, at: number): Promise<number> {
    try {
      return (await this.#handle.read(into, start, length, at)).bytesRead;
    } catch (err) {
      throw this.#fail(err);
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
    const bytesRead = await this.#read(
      this.buf,
      this.end,
      this.buf.length - this.end,
      this.base + this.end,
    );
    this.end += bytesRead;
    if (bytesRead === 0 || this.base + this.end >= this.size) this.eof = true;
    return bytesRead > 0;
  }

  /** Makes the buffer at least `bytes` long (the window's bytes stay where they are). */
  reserve(bytes: number): void {
    if (this.buf.length >= bytes) return;
    const bigger = new Uint8Array(bytes);
    bigger.set(this.buf.subarray(0, this.end));
    this.buf = bigger;
  }

  /** Empties the window and moves it to file offset `at`: the next `more()` reads from there. */
  seek(at: number): void {
    this.base = at;
    this.pos = this.end = 0;
    this.eof = false;
  }

  /** Reads exactly `length` bytes at file offset `at` into `into[start ..]`, bypassing the window. */
  async readAt(into: Uint8Array, start: number, length: number, at: number): Promise<number> {
    let done = 0;
    while (done < length) {
      const bytesRead = await this.#read(into, start + done, length - done, at + done);
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
