/**
 * What `examples/s7_word_space.ts` prints and writes, run for one epoch (its
 * optional arguments: the output folder, the number of epochs). Oracles: the
 * neighbours it prints are the top 8 by cosine similarity recomputed naively
 * (float64) from the vectors it saved; the pictures show the 500 most
 * frequent content words of the saved vocabulary, in order, and the map keeps
 * neighbourhoods (trustworthiness of the SVG's coordinates, k = 10, above 0.9).
 */

import assert from "node:assert/strict";
import { loadWord2Vec, trustworthiness } from "../../mod.ts";
import { contentWords } from "../../examples/_brown.ts";

const root = new URL("../../", import.meta.url);

/** The `k` keys of largest cosine similarity to `key`, by a naive float64 loop. */
function naiveTop(keys: readonly string[], data: Float32Array, d: number, key: string, k: number) {
  const norm = (i: number) => Math.hypot(...data.subarray(i * d, (i + 1) * d));
  const q = keys.indexOf(key), nq = norm(q);
  const scored: [string, number][] = [];
  for (let i = 0; i < keys.length; i++) {
    if (i === q) continue;
    let dot = 0;
    for (let j = 0; j < d; j++) dot += data[q * d + j] * data[i * d + j];
    scored.push([keys[i], dot / (nq * norm(i))]);
  }
  return scored.sort((a, b) => b[1] - a[1]).slice(0, k);
}

Deno.test("examples/s7_word_space.ts: neighbours by cosine, 500 content words mapped", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-prompt",
        "--allow-read",
        "--allow-write",
        "examples/s7_word_space.ts",
        dir,
        "1",
      ],
      cwd: root,
      env: { NO_COLOR: "1" },
    }).output();
    const text = new TextDecoder().decode(stdout);
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    assert.match(text, /^epoch 1\/1: \d+ words\/s/m);

    const kv = await loadWord2Vec(`${dir}/brown_vectors.bin`, { binary: true });
    const data = await kv.vectors.data(), d = kv.vectorSize;
    const probes = [...text.matchAll(/^(\w+): (.*)$/gm)];
    assert.deepEqual(probes.map((m) => m[1]), ["monday", "three", "mother", "son", "city"]);
    for (const [, word, list] of probes) {
      const printed = list.split(", ").map((s) => s.split(" "));
      const all = naiveTop(kv.keys, data, d, word, kv.keys.length), expected = all.slice(0, 8);
      const naive = new Map(all);
      assert.equal(new Set(printed.map(([w]) => w)).size, 8, word);
      for (let i = 0; i < 8; i++) {
        // Rank i holds a word as similar as the i-th best: the float32 scores may order words
        // whose float64 similarities differ by less than their rounding either way.
        const [w, sim] = printed[i];
        assert.ok(Math.abs(naive.get(w)! - expected[i][1]) <= 1e-5, `${word} ${i}: ${w}`);
        assert.ok(Math.abs(Number(sim) - expected[i][1]) <= 5e-4 + 1e-6, `${word} ${i}`);
      }
    }

    const content = contentWords();
    const words = kv.keys.filter((w) => content.has(w)).slice(0, 500);
    const svg = await Deno.readTextFile(`${dir}/word_space.svg`);
    const points = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"[^>]*><title>([^<]*)</g)];
    assert.deepEqual(points.map((m) => m[3]), words);
    const xy = points.map((m) => [Number(m[1]), Number(m[2])]);
    const vectors = words.map((w) => Array.from(kv.getVector(w)));
    const t = trustworthiness(vectors, xy, { nNeighbors: 10 });
    assert.ok(t > 0.9, `trustworthiness ${t}`);
    const html = await Deno.readTextFile(`${dir}/word_space.html`);
    assert.ok(html.includes(`"labels":${JSON.stringify(words)}`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
