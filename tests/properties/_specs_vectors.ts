/**
 * Property specs of word vectors and the slower pictures: `Word2Vec.train`
 * (a tiny corpus, one epoch), `KeyedVectors` and its queries, `tsne` (a few
 * points, few iterations) and `projectorHtml`. The file loaders and savers
 * are in `_specs_files.ts`.
 */

import { KeyedVectors, projectorHtml, tsne, Word2Vec } from "../../mod.ts";
import type { Spec } from "./_check.ts";
import type { Gen } from "./_gen.ts";

const WORDS = ["cat", "dog", "fish", "bird", "tree", "leaf"];

function sentences(g: Gen): string[][] {
  return Array.from(
    { length: g.int(3, 6) },
    () => Array.from({ length: g.int(2, 6) }, () => g.pick(WORDS)),
  );
}

function vectors(g: Gen, rows: number, cols: number): number[][] {
  const v = g.floats(rows * cols);
  return Array.from(
    { length: rows },
    (_, i) => v.slice(i * cols, (i + 1) * cols).map((x, d) => x + (d === i % cols ? 5 : 0)),
  );
}

export const vectorSpecs: Spec[] = [
  {
    covers: ["Word2Vec"],
    who: ["Word2Vec.train()"],
    options: ["vectorSize", "window", "minCount", "epochs", "seed", "workers", "sg", "negative"],
    cases: 40,
    valid: (
      g,
    ) => [sentences(g), {
      vectorSize: g.int(2, 8),
      minCount: 1,
      epochs: 1,
      seed: g.int(0, 9),
      workers: 1,
    }],
    call: ([corpus, o]) => Word2Vec.train(corpus as string[][], o as never),
  },
  {
    covers: ["KeyedVectors"],
    who: ["KeyedVectors()", "KeyedVectors.mostSimilar()", "KeyedVectors.similarity()"],
    cases: 60,
    valid(g) {
      const n = g.int(3, 6);
      return [WORDS.slice(0, n), vectors(g, n, g.int(2, 5)), g.pick(WORDS.slice(0, n))];
    },
    call: async ([keys, vecs, word]) => {
      const kv = new KeyedVectors(keys as string[], vecs as number[][]);
      const near = await kv.mostSimilar({ positive: [word as string], topn: 2 });
      return [near, kv.similarity(word as string, (keys as string[])[0])];
    },
  },
  {
    covers: ["tsne"],
    who: ["tsne()"],
    options: ["perplexity", "nIter", "seed", "method"],
    cases: 30,
    valid: (
      g,
    ) => [vectors(g, 8, 3), { perplexity: 2, nIter: 250, seed: g.int(0, 9), method: "exact" }],
    call: ([x, o]) => tsne(x as number[][], o as never),
  },
  {
    covers: ["projectorHtml"],
    who: ["projectorHtml()"],
    options: ["labels", "title"],
    cases: 40,
    valid(g) {
      const n = g.int(2, 5);
      return [vectors(g, n, 3), { labels: WORDS.slice(0, n), title: "t" }];
    },
    call: ([x, o]) => projectorHtml(x as number[][], o as never),
  },
];
