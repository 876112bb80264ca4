/**
 * Tests of `tsne()`: trustworthiness within 0.01 of sklearn 1.2's TSNE on
 * the same data (fixture), exact and Barnes-Hut agreeing, sklearn's rules
 * (learning rate "auto", checks every 50 iterations, init), and errors.
 */

import assert from "node:assert/strict";
import { tensor, trustworthiness, tsne, type TsneProgress } from "../../mod.ts";
import { assertThrowsClean } from "../_helpers.ts";
import { fixture } from "./_viz_fixture.ts";
import { SpaceTree } from "../../src/viz/_space_tree.ts";
import { busyWorkers } from "../../src/viz/_force_workers.ts";

const runs = fixture.runs;

Deno.test("tsne() (Barnes-Hut) is as trustworthy as sklearn's TSNE on 300 clustered points", async () => {
  const progress: TsneProgress[] = [];
  const r = await tsne(runs.x, { seed: 0, onProgress: (p) => progress.push(p) });
  const t = trustworthiness(runs.x, r.embedding, { nNeighbors: 10 });
  const sk = runs.barnes_hut;
  assert.ok(
    Math.abs(t - sk.trustworthiness10) <= 0.01,
    `ours ${t}, sklearn ${sk.trustworthiness10}`,
  );
  assert.ok(
    Math.abs(r.klDivergence - sk.klDivergence) < 0.05 * sk.klDivergence,
    `KL ${r.klDivergence}`,
  );
  assert.equal(r.iterations, sk.nIter + 1);
  assert.equal(r.learningRate, 50); // max(300 / 12 / 4, 50)
  assert.deepEqual(
    progress.map((p) => p.iteration),
    Array.from({ length: 20 }, (_, i) => i * 50 + 49),
  );
  assert.deepEqual(progress.map((p) => p.exaggerated), progress.map((p) => p.iteration < 250));
  assert.equal(progress.at(-1)?.klDivergence, r.klDivergence);
});

Deno.test("tsne() exact and Barnes-Hut agree on a small input (trustworthiness, KL)", async () => {
  const x = runs.x.slice(0, 150);
  const exact = await tsne(x, { method: "exact", perplexity: 20 });
  const bh = await tsne(x, { method: "barnesHut", perplexity: 20 });
  const te = trustworthiness(x, exact.embedding, { nNeighbors: 10 });
  const tb = trustworthiness(x, bh.embedding, { nNeighbors: 10 });
  assert.ok(Math.abs(te - tb) <= 0.01, `exact ${te}, Barnes-Hut ${tb}`);
  assert.ok(te > 0.95 && tb > 0.95, `exact ${te}, Barnes-Hut ${tb}`);
  assert.ok(
    Math.abs(exact.klDivergence - bh.klDivergence) < 0.05,
    `${exact.klDivergence} ${bh.klDivergence}`,
  );
});

Deno.test("tsne() with the same init and data is deterministic; 'random' init follows the seed", async () => {
  const x = runs.x.slice(0, 40);
  const a = await tsne(x, { perplexity: 5, nIter: 300 });
  const b = await tsne(tensor(x), { perplexity: 5, nIter: 300 });
  assert.deepEqual(await a.embedding.data(), await b.embedding.data());
  const r1 = await tsne(x, { perplexity: 5, nIter: 300, init: "random", seed: 3 });
  const r2 = await tsne(x, { perplexity: 5, nIter: 300, init: "random", seed: 3 });
  const r3 = await tsne(x, { perplexity: 5, nIter: 300, init: "random", seed: 4 });
  assert.deepEqual(await r1.embedding.data(), await r2.embedding.data());
  assert.notDeepEqual(await r1.embedding.data(), await r3.embedding.data());
});

Deno.test("tsne() gives the same result whether or not it reports progress (errors it skips without)", async () => {
  const x = runs.x.slice(0, 100);
  const seen: number[] = [];
  const quiet = await tsne(x, { perplexity: 10, nIter: 300 });
  const told = await tsne(x, {
    perplexity: 10,
    nIter: 300,
    onProgress: (p) => seen.push(p.iteration),
  });
  assert.deepEqual(seen, [49, 99, 149, 199, 249, 299]);
  assert.deepEqual(await quiet.embedding.data(), await told.embedding.data());
  assert.equal(quiet.klDivergence, told.klDivergence);
  assert.ok(quiet.klDivergence > 0);
  // With no second phase, the first one's last error is the result.
  const short = await tsne(x, { perplexity: 10, nIter: 250 });
  assert.ok(short.klDivergence > 0 && short.iterations === 250, `${short.klDivergence}`);
});

Deno.test("tsne() gives identical results on 1, 2 and 3 threads (Barnes-Hut forces on Workers)", async () => {
  const x = runs.x.slice(0, 200);
  const one = await tsne(x, { perplexity: 10, nIter: 300, workers: 1 });
  for (const workers of [2, 3]) {
    const many = await tsne(x, { perplexity: 10, nIter: 300, workers });
    assert.deepEqual(await many.embedding.data(), await one.embedding.data(), `${workers} threads`);
    assert.equal(many.klDivergence, one.klDivergence);
  }
});

Deno.test("tsne() in 3-D (octrees built by each thread) gives identical results on 1, 2 and 3 threads", async () => {
  const x = runs.x.slice(0, 80);
  const options = { perplexity: 10, nIter: 250, nComponents: 3, init: "random", seed: 2 } as const;
  const one = await tsne(x, { ...options, workers: 1 });
  for (const workers of [2, 3]) {
    const many = await tsne(x, { ...options, workers });
    assert.deepEqual(await many.embedding.data(), await one.embedding.data(), `${workers} threads`);
  }
});

Deno.test("tsne() gives identical results on 1 and 2 threads when the space tree outgrows the shared cells", async () => {
  // 100 pairs of points 3e-6 apart: each pair splits about 18 levels deep.
  const x = runs.x.slice(0, 200);
  const init = x.map((_, i) => [Math.cos(i >> 1) + (i & 1) * 3e-6, Math.sin(i >> 1)]);
  const tree = new SpaceTree(2, 16);
  const [px, py] = [0, 1].map((a) => Float64Array.from(init, (p) => p[a]));
  tree.build(px, py, new Float64Array(200), 200);
  assert.ok(tree.count > 8 * 200 + 64, `${tree.count} cells`); // more than ParallelForces shares
  const one = await tsne(x, { perplexity: 10, nIter: 250, init, workers: 1 });
  const two = await tsne(x, { perplexity: 10, nIter: 250, init, workers: 2 });
  assert.deepEqual(await two.embedding.data(), await one.embedding.data());
});

Deno.test("tsne() hands its Workers back after a run, also one stopped by an error, for the next", async () => {
  const x = runs.x.slice(0, 200);
  const first = await tsne(x, { perplexity: 10, nIter: 250, workers: 3 });
  assert.equal(busyWorkers(), 0);
  const stop = () => {
    throw new Error("stop");
  };
  await assert.rejects(
    tsne(x, { perplexity: 10, nIter: 250, workers: 3, onProgress: stop }),
    /stop/,
  );
  assert.equal(busyWorkers(), 0);
  const again = await tsne(x, { perplexity: 10, nIter: 250, workers: 3 });
  assert.deepEqual(await again.embedding.data(), await first.embedding.data());
  assert.equal(busyWorkers(), 0);
});

Deno.test("tsne() lets timers run between its checks", async () => {
  const x = runs.x.slice(0, 60);
  let fired = false;
  const seen: boolean[] = [];
  setTimeout(() => fired = true, 0);
  await tsne(x, { perplexity: 5, nIter: 300, onProgress: () => seen.push(fired) });
  // Not before the first check (no yield yet), by the last one (a yield at each).
  assert.equal(seen.length, 6);
  assert.equal(seen[0], false);
  assert.equal(seen[5], true);
});

Deno.test("tsne() starts from a given init and embeds in 1-D and 3-D", async () => {
  const x = runs.x.slice(0, 30);
  const init = x.map((_, i) => [Math.cos(i) * 1e-4, Math.sin(i) * 1e-4]);
  const r = await tsne(x, { perplexity: 5, nIter: 250, init, learningRate: 100 });
  assert.equal(r.learningRate, 100);
  assert.equal(r.iterations, 250);
  for (const nComponents of [1, 3]) {
    const e = await tsne(x, { perplexity: 5, nIter: 300, nComponents });
    assert.deepEqual(e.embedding.shape, [30, nComponents]);
  }
});

Deno.test("tsne() rejects bad options with the offending value", async () => {
  const x = runs.x.slice(0, 10);
  const cases: [object, RegExp, typeof RangeError | typeof TypeError][] = [
    [
      { perplexity: 10 },
      /perplexity is 10 but must be less than the number of rows \(10\)/,
      RangeError,
    ],
    [{ perplexity: 0 }, /perplexity is 0 but must be positive/, RangeError],
    [{ nIter: 100 }, /nIter is 100 but must be in \[250, 2\^31 - 1\]/, RangeError],
    [{ nIter: 2 ** 32 }, /nIter is 4294967296 but must be in \[250, 2\^31 - 1\]/, RangeError],
    [
      { nIterWithoutProgress: 1e300 },
      /nIterWithoutProgress is 1e\+300 but must be in \[1, 2\^31 - 1\]/,
      RangeError,
    ],
    [{ angle: 2 }, /angle is 2 but must be in \[0, 1\]/, RangeError],
    [{ workers: 0 }, /workers is 0 but must be at least 1/, RangeError],
    [
      { nComponents: 4 },
      /nComponents is 4 but must be at most 3 with method "barnesHut"/,
      RangeError,
    ],
    [{ method: "fast" }, /method is "fast" but must be "barnesHut" or "exact"/, TypeError],
    [{ learningRate: -1 }, /learningRate is -1 but must be positive/, RangeError],
    [{ init: "spectral" }, /init is "spectral"/, TypeError],
    [{ init: [[0, 0]] }, /init has shape \[1, 2\] but must be \[10, 2\]/, RangeError],
    // Rejected after the Workers are started: they are stopped (checked below).
    [
      { init: [[0, 0]], workers: 3 },
      /init has shape \[1, 2\] but must be \[10, 2\]/,
      RangeError,
    ],
    [{ early_exaggeration: 4 }, /did you mean earlyExaggeration\?/, TypeError],
  ];
  for (const [options, pattern, ErrorClass] of cases) {
    const withPerplexity = { perplexity: 3, ...options };
    await assert.rejects(tsne(x, withPerplexity), (e: Error) => {
      assert.ok(e instanceof ErrorClass, `${e.constructor.name}: ${e.message}`);
      assert.match(e.message, /^tsne\(\): /);
      assert.match(e.message, pattern);
      return true;
    });
  }
  assert.equal(busyWorkers(), 0);
  assertThrowsClean(() => trustworthiness(x, x.slice(1)), RangeError, /embedded has 9 rows/);
});
