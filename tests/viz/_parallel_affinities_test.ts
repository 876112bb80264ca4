/**
 * The setup on the force threads against the one-thread path: the same
 * sparse P, bit for bit (neighbours with ties, their distances, the
 * perplexity search, the symmetrisation), for 0, 1 and 2 Workers and sizes
 * that are not a multiple of the four-row kernel; a setup closed before it
 * is finished (the init failed) leaves no chunk running; and ready Workers
 * take a share.
 */

import assert from "node:assert/strict";
import { type Csr, jointProbabilitiesNn } from "../../src/viz/_affinities.ts";
import { nearestNeighbors } from "../../src/viz/_neighbors.ts";
import { ParallelAffinities } from "../../src/viz/_parallel_affinities.ts";
import { spawnWorkers } from "../../src/viz/_tsne_parallel.ts";
import { releaseWorkers } from "../../src/viz/_force_workers.ts";

/** Rows on a small grid (many equal distances) with noise-free repeats. */
function matrix(rows: number, cols: number) {
  const data = Float64Array.from(
    { length: rows * cols },
    (_, t) => ((Math.floor(t / cols) * 7919) % 13 + (t % cols) * 3) % 5 + (t % 7 === 0 ? 0.5 : 0),
  );
  return { data, rows, cols };
}

/** `got` is `want` bit for bit (a compact message: a diff of such arrays takes gigabytes). */
function sameP(got: Csr, want: Csr, label = ""): void {
  for (const key of ["indptr", "indices", "values"] as const) {
    const a = got[key], b = want[key];
    assert.equal(a.length, b.length, `${label} ${key}.length`);
    const at = a.findIndex((v, t) => !Object.is(v, b[t]));
    assert.equal(at, -1, `${label} ${key}[${at}] is ${a[at]} but must be ${b[at]}`);
  }
}

Deno.test("ParallelAffinities gives the one-thread path's sparse P on 1, 2 and 3 threads", async () => {
  for (const [rows, cols, perplexity] of [[203, 5, 10], [98, 33, 4], [13, 2, 3]]) {
    const m = matrix(rows, cols), k = Math.min(rows - 1, Math.floor(3 * perplexity + 1));
    const nn = nearestNeighbors(m, k);
    const want = jointProbabilitiesNn(
      nn.indices,
      Float32Array.from(nn.distances),
      rows,
      k,
      perplexity,
    );
    for (const threads of [1, 2, 3]) {
      const workers = spawnWorkers(threads);
      const setup = ParallelAffinities.start(m, perplexity, workers);
      try {
        sameP(setup.finish(), want, `${rows} × ${cols}, ${threads} threads`);
      } finally {
        setup.close();
        await releaseWorkers(workers);
      }
    }
  }
});

Deno.test("ParallelAffinities.close() before finish() leaves no chunk taken or running", async () => {
  const m = matrix(400, 20), workers = spawnWorkers(2);
  const setup = ParallelAffinities.start(m, 10, workers);
  setup.close(); // as when the init throws
  setup.close(); // idempotent
  // The Workers are free for the next setup, which gives the full result.
  const again = ParallelAffinities.start(m, 10, workers);
  try {
    const nn = nearestNeighbors(m, 31);
    const want = jointProbabilitiesNn(nn.indices, Float32Array.from(nn.distances), 400, 31, 10);
    sameP(again.finish(), want);
  } finally {
    again.close();
    await releaseWorkers(workers);
  }
});

Deno.test("ParallelAffinities shares the chunks with Workers that are ready, with the same P", async () => {
  const m = matrix(1000, 50), workers = spawnWorkers(2);
  const nn = nearestNeighbors(m, 91);
  const want = jointProbabilitiesNn(nn.indices, Float32Array.from(nn.distances), 1000, 91, 30);
  let shared = false;
  try {
    // A Worker may still be loading (or the machine busy): a few tries.
    for (let attempt = 0; attempt < 6 && !shared; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const setup = ParallelAffinities.start(m, 30, workers);
      try {
        // Pairs offered to the heaps of two slots (ties on the grid), merged.
        sameP(setup.finish(), want);
        shared = setup.takenHere[0] < Math.ceil(1000 / 4);
      } finally {
        setup.close();
      }
    }
  } finally {
    await releaseWorkers(workers);
  }
  assert.ok(shared, "the calling thread took every chunk in six tries");
});
