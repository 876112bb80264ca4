/**
 * Direct I/O (`O_DIRECT`) of a file into the memory of the table it fills:
 * file offset `o` lands at `buf[base + o]`, so a binary vector file's
 * records arrive a little past their rows, and the reader moves each
 * record's floats down to its row in place.
 *
 * Why: writing a fresh page traps into the kernel once per 4 KiB page, and
 * on a virtual machine that shadows its page tables each trap costs 10 to
 * 25 µs (240 MB: 60,000 traps, about a second). Direct I/O has the kernel
 * fault the destination pages in itself, without a trap each, while it
 * pins them for the transfer; the reader's own first touch of a page then
 * costs about half. The kernel reads the next two chunks while the reader
 * moves the records of the current one.
 *
 * Reads are 4 KiB-aligned in the file and in memory, as direct I/O needs;
 * they stop before the end of the region (the caller reads the rest through
 * the page cache), and where `O_DIRECT` is not available (macOS, Windows, a
 * file system that refuses it) or a read fails, `open` or `more` says so
 * and the caller does the same.
 */

import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";

/** Alignment of direct reads, in the file and in memory. */
const ALIGN = 4096;
/** Bytes per read. */
const CHUNK = 1 << 22;
/** Reads kept in flight ahead of the reader. */
const DEPTH = 2;
/** A read shorter than this (except the file's last) is left to the page cache. */
const MIN_READ = 1 << 16;

/** A window `[pos, end)` of unread bytes, read directly into `buf` at `base + file offset`. */
export class DirectFile {
  readonly buf: Uint8Array;
  pos: number;
  end: number;
  /** Whether the whole file has been read. */
  eof = false;
  readonly #handle: FileHandle;
  readonly #base: number;
  readonly #stop: number;
  readonly #size: number;
  /** File offset the next read starts at. */
  #next: number;
  /** The reads in flight, in file order: their lengths and byte counts (-1: failed). */
  #inflight: { len: number; got: Promise<number> }[] = [];
  /** Set when a read came back short before the end of the file: later ones do not follow on. */
  #stopped = false;

  private constructor(
    handle: FileHandle,
    buf: Uint8Array,
    base: number,
    stop: number,
    size: number,
  ) {
    this.#handle = handle;
    this.buf = buf;
    this.#base = base;
    this.#stop = stop;
    this.#size = size;
    this.pos = this.end = this.#next = 0;
  }

  /**
   * Opens `path` for direct reads into `buf[start, stop)`, going on from a
   * window over file bytes `[from - tail.length, from)`: `tail` is copied to
   * its place first.
   *
   * @returns The window, or `undefined` when direct reads cannot go on from
   *   there (no room, an unaligned offset, `O_DIRECT` unavailable or refused).
   */
  static async open(
    path: string,
    size: number,
    buf: Uint8Array,
    start: number,
    stop: number,
    tail: Uint8Array,
    from: number,
  ): Promise<DirectFile | undefined> {
    const flag = constants.O_DIRECT;
    const base = Math.ceil(start / ALIGN) * ALIGN;
    if (flag === undefined || from % ALIGN !== 0 || base + from + MIN_READ > stop) return undefined;
    let handle: FileHandle;
    try {
      handle = await open(path, constants.O_RDONLY | flag);
    } catch {
      return undefined;
    }
    const d = new DirectFile(handle, buf, base, stop, size);
    d.end = base + from;
    d.pos = d.end - tail.length;
    buf.set(tail, d.pos);
    d.#next = from;
    return d;
  }

  /** File offset of `buf[i]`. */
  offset(i: number): number {
    return i - this.#base;
  }

  /** Bytes read from the file so far. */
  get bytesRead(): number {
    return this.#next;
  }

  /** Starts reads until `DEPTH` are in flight, while they fit. */
  #issue(): void {
    const q = this.#inflight;
    let at = q.reduce((k, r) => k + r.len, this.#next);
    while (q.length < DEPTH) {
      const left = Math.ceil((this.#size - at) / ALIGN) * ALIGN;
      const room = Math.floor((this.#stop - this.#base - at) / ALIGN) * ALIGN;
      const len = Math.min(CHUNK, left, room);
      if (at % ALIGN !== 0 || left <= 0 || len < Math.min(MIN_READ, left)) return;
      const got = this.#handle.read(this.buf, this.#base + at, len, at)
        .then((r) => r.bytesRead, () => -1);
      q.push({ len, got });
      at += len;
    }
  }

  /**
   * Adds the next chunk to the window (and keeps the reads after it going).
   *
   * @returns Whether bytes were added; when not, `eof` tells the end of the
   *   file from a read that does not fit or failed.
   */
  async more(): Promise<boolean> {
    if (this.eof || this.#stopped) return false;
    this.#issue();
    const read = this.#inflight.shift();
    if (read === undefined) return false;
    const got = await read.got;
    if (got <= 0) {
      this.#stopped = true;
      return false;
    }
    this.end += got;
    this.#next += got;
    if (this.#next >= this.#size) this.eof = true;
    else if (got !== read.len) this.#stopped = true;
    else this.#issue();
    return true;
  }

  /** Waits for the reads in flight and closes the file. */
  async close(): Promise<void> {
    await Promise.all(this.#inflight.map((r) => r.got));
    this.#inflight = [];
    await this.#handle.close().catch(() => {});
  }
}
