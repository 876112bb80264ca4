/**
 * The words of one window of a binary vector file, decoded together: their
 * bytes are packed into one buffer, separated by spaces (a word of these
 * formats never holds one), and decoded by one strict UTF-8 `TextDecoder`
 * call, then split, instead of one decode (or one string built per
 * character) per word.
 */

import { decodeWord } from "./_vector_file.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Word byte ranges gathered from a window, decoded at once. */
export class WordBatch {
  #packed = new Uint8Array(1 << 16);
  #used = 0;
  /** File offset of each word's first byte (for error messages). */
  #offsets: number[] = [];

  /** Number of words gathered. */
  get length(): number {
    return this.#offsets.length;
  }

  /** Forgets the words gathered. */
  clear(): void {
    this.#used = 0;
    this.#offsets.length = 0;
  }

  /** Adds the word `u8[start, end)`, which starts at file offset `at`. */
  add(u8: Uint8Array, start: number, end: number, at: number): void {
    const need = this.#used + end - start + 1;
    if (need > this.#packed.length) {
      const bigger = new Uint8Array(Math.max(need, 2 * this.#packed.length));
      bigger.set(this.#packed.subarray(0, this.#used));
      this.#packed = bigger;
    }
    const packed = this.#packed;
    let at0 = this.#used;
    if (this.#offsets.length > 0) packed[at0++] = 32;
    if (end - start > 16) packed.set(u8.subarray(start, end), at0);
    else for (let i = start; i < end; i++) packed[at0++] = u8[i];
    this.#used += (this.#offsets.length > 0 ? 1 : 0) + end - start;
    this.#offsets.push(at);
  }

  /**
   * The words, in order.
   *
   * @returns The words, or the index of the first one that is not valid UTF-8.
   */
  decode(): string[] | number {
    if (this.#offsets.length === 0) return [];
    const bytes = this.#packed.subarray(0, this.#used);
    try {
      return utf8.decode(bytes).split(" ");
    } catch {
      let k = 0, start = 0;
      for (let i = 0; i <= bytes.length; i++) {
        if (i < bytes.length && bytes[i] !== 32) continue;
        if (decodeWord(bytes, start, i) === undefined) return k;
        k++;
        start = i + 1;
      }
      return k;
    }
  }

  /** File offset of word `k`'s first byte. */
  offset(k: number): number {
    return this.#offsets[k];
  }
}
