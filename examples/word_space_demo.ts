// Tutorial snippet S7, on synthetic vectors (docs/tutorials.md). Word space: project word
// vectors to 2-D with PCA and t-SNE, check that neighbourhoods survive,
// and draw them, as the word-embedding tutorials end (t-SNE of word2vec vectors, a labelled
// scatter, TensorBoard's Embedding Projector).
//
// The vectors here are synthetic, so the example needs no download: 60 words in five themes
// (days, numbers, family, colours, animals), each word its theme's direction plus its own noise
// in 50 dimensions, so words of a theme are near each other and far from the rest.
//
// Checked below: PCA's first two components carry most of the variance, the t-SNE map is
// trustworthy (its 5 nearest neighbours are neighbours in 50-D: trustworthiness > 0.9), and every
// word's nearest map neighbour is from its own theme.
//
// Run: deno run examples/word_space_demo.ts > word_space.svg            (the labelled scatter)
//      deno run examples/word_space_demo.ts --html > word_space.html    (the projector page)
// The summary goes to stderr; no permissions are needed.

import assert from "node:assert/strict";
import process from "node:process";
import { pca, projectorHtml, randn, scatterSvg, trustworthiness, tsne } from "../mod.ts";

const themes: Record<string, string[]> = {
  days: [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "weekend",
    "today",
    "tomorrow",
    "yesterday",
    "week",
  ],
  numbers: [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "hundred",
    "thousand",
  ],
  family: [
    "mother",
    "father",
    "sister",
    "brother",
    "son",
    "daughter",
    "aunt",
    "uncle",
    "cousin",
    "wife",
    "husband",
    "grandmother",
  ],
  colours: [
    "red",
    "green",
    "blue",
    "yellow",
    "purple",
    "orange",
    "black",
    "white",
    "grey",
    "pink",
    "brown",
    "violet",
  ],
  animals: [
    "dog",
    "cat",
    "horse",
    "cow",
    "sheep",
    "lion",
    "tiger",
    "mouse",
    "rabbit",
    "wolf",
    "fox",
    "bear",
  ],
};
const words = Object.values(themes).flat();
const groups = Object.entries(themes).flatMap(([theme, ws]) => ws.map(() => theme));
const D = 50;

// Theme directions (unit-variance normal) plus per-word noise, seeded.
const centres = await randn([5, D], { seed: 1 }).data();
const noise = await randn([words.length, D], { seed: 2, std: 0.6 }).data();
const themeIndex = Object.keys(themes);
const vectors = words.map((_, i) => {
  const t = themeIndex.indexOf(groups[i]);
  return Array.from({ length: D }, (_, j) => centres[t * D + j] * 2 + noise[i * D + j]);
});

const linear = pca(vectors, { nComponents: 2 });
const [r1, r2] = linear.explainedVarianceRatio;
assert.ok(r1 + r2 > 0.3, `PCA: two components explain ${r1 + r2}`);

const { embedding, klDivergence, iterations } = await tsne(vectors, { perplexity: 10 });
const t5 = trustworthiness(vectors, embedding, { nNeighbors: 5 });
assert.ok(t5 > 0.9, `t-SNE trustworthiness ${t5}`);
const xy = await embedding.toArray() as number[][];
for (let i = 0; i < words.length; i++) {
  let best = -1, bestD = Infinity;
  for (let j = 0; j < words.length; j++) {
    const d = (xy[i][0] - xy[j][0]) ** 2 + (xy[i][1] - xy[j][1]) ** 2;
    if (j !== i && d < bestD) [best, bestD] = [j, d];
  }
  assert.equal(groups[best], groups[i], `${words[i]}'s nearest map neighbour is ${words[best]}`);
}

console.error(
  `PCA: the first two components explain ${(100 * (r1 + r2)).toFixed(1)}% of the variance`,
);
console.error(
  `t-SNE: KL ${klDivergence.toFixed(3)} after ${iterations} iterations, trustworthiness(5) ${
    t5.toFixed(3)
  }`,
);

if (process.argv.includes("--html")) {
  console.log(
    await projectorHtml(vectors, {
      labels: words,
      groups,
      title: "Word space",
      tsne: { perplexity: 10 },
    }),
  );
} else {
  console.log(
    scatterSvg(embedding, {
      labels: words,
      groups,
      title: "Word space (t-SNE)",
      width: 720,
      height: 540,
    }),
  );
}
