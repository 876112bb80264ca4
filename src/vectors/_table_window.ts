/**
 * The window the binary reader walks: a buffered `ChunkedFile` for a small
 * first chunk, then, for a large enough file, direct reads into the
 * table's own memory (see `_direct_file.ts`) while they fit, then the page
 * cache again for what is left (the last records, which would land past
 * the table's end), in chunks of 4 MiB. The reader sees one window `[pos, end)` over `buf`
 * with file offsets; `inPlace` tells it that `buf` is the table's memory.
 */

import { CHUNK, type ChunkedFile } from "./_chunked_file.ts";
import { DirectFile } from "./_direct_file.ts";

/** Direct reads start only with at least this much of the file left to read. */
const DIRECT_MIN = 1 << 22;

/** A `ChunkedFile`, or direct reads into the table's memory while they pay. */
export class TableWindow {
  readonly #f: ChunkedFile;
  readonly #path: string;
  /** The table's bytes, a view of its whole memory. */
  readonly #table: Uint8Array;
  #direct: DirectFile | undefined;
  #tried = false;

  constructor(f: ChunkedFile, path: string, table: Uint8Array) {
    this.#f = f;
    this.#path = path;
    this.#table = table;
  }

  /** Whether `buf` is the table's own memory (records are moved within it). */
  get inPlace(): boolean {
    return this.#direct !== undefined;
  }

  /** The window's buffer; bytes `[pos, end)` are unread. */
  get buf(): Uint8Array {
    return (this.#direct ?? this.#f).buf;
  }

  get pos(): number {
    return (this.#direct ?? this.#f).pos;
  }

  set pos(p: number) {
    (this.#direct ?? this.#f).pos = p;
  }

  get end(): number {
    return (this.#direct ?? this.#f).end;
  }

  /** Bytes read from the file so far. */
  get bytesRead(): number {
    return (this.#direct ?? this.#f).bytesRead;
  }

  /** File offset of `buf[i]`. */
  offset(i: number): number {
    return (this.#direct ?? this.#f).offset(i);
  }

  /**
   * Reads more after the unread bytes, switching to direct reads (once, at
   * the first call that finds enough of the file left) and back to the page
   * cache when they stop short of the file's end.
   *
   * @returns Whether any byte was added (false at the end of the file).
   */
  async more(): Promise<boolean> {
    const f = this.#f, d = this.#direct;
    if (d !== undefined) {
      if (await d.more()) return true;
      if (d.eof) return false;
      f.seek(d.offset(d.pos));
      this.#direct = undefined;
      await d.close();
    } else if (!this.#tried && f.size - f.bytesRead >= DIRECT_MIN) {
      this.#tried = true;
      const t = this.#table, heap = new Uint8Array(t.buffer);
      this.#direct = await DirectFile.open(
        this.#path,
        f.size,
        heap,
        t.byteOffset,
        t.byteOffset + t.byteLength,
        f.buf.subarray(f.pos, f.end),
        f.bytesRead,
      );
      if (this.#direct !== undefined) return this.more();
    }
    f.reserve(CHUNK);
    return f.more();
  }

  /** Ends direct reads (the caller closes the `ChunkedFile`). */
  async close(): Promise<void> {
    await this.#direct?.close();
    this.#direct = undefined;
  }
}
