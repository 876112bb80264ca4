/** Launches of `w2v_train` over small random corpora, shared by the JS and Wasm kernel tests. */

import { scratchFloats, type W2vTrainSpec } from "../../kernels/w2v_train.ts";
import type { Launch } from "./_kernel_harness.ts";

/** The sigmoid table as word2vec.c and gensim build it. */
export function expTable(): Float32Array {
  return Float32Array.from({ length: 1000 }, (_, i) => {
    const e = Math.exp((i / 1000 * 2 - 1) * 6);
    return e / (e + 1);
  });
}

/** Cumulative unigram^power table scaled to 2^31 - 1 (gensim's `make_cum_table`). */
export function cumTable(counts: readonly number[], power = 0.75): Int32Array {
  const total = counts.reduce((s, c) => s + c ** power, 0);
  let acc = 0;
  return Int32Array.from(counts, (c) => Math.round(((acc += c ** power) / total) * 2147483647));
}

/** A random corpus chunk: `N` positions, `tasks` tasks, sentences of random length. */
export interface W2vCase {
  readonly spec: W2vTrainSpec;
  readonly V: number;
  readonly N: number;
  readonly tasks: number;
}

/** The launch of one case: arg order as the kernel documents it. */
export function w2vLaunch(c: W2vCase, r: () => number, a0 = 0.025, a1 = 0.02): Launch {
  const { V, N, spec: { D } } = c;
  const tok = Int32Array.from({ length: N }, () => Math.floor(r() ** 2 * V));
  const lo = new Int32Array(N), hi = new Int32Array(N);
  for (let s = 0; s < N;) {
    const e = Math.min(N, s + 1 + Math.floor(r() * 12));
    for (let i = s; i < e; i++) {
      const w = 1 + Math.floor(r() * 4);
      lo[i] = Math.max(s, i - w);
      hi[i] = Math.min(e, i + w + 1);
    }
    s = e;
  }
  const syn0 = Float32Array.from({ length: V * D }, () => (r() - 0.5) / D);
  const syn1 = Float32Array.from({ length: V * D }, () => (r() - 0.5) * 0.5);
  const counts = Array.from({ length: V }, (_, k) => Math.floor(1000 / (k + 1)) + 1);
  const tasks = new Int32Array(4 * c.tasks);
  for (let t = 0; t < c.tasks; t++) {
    tasks.set([
      Math.round((N * t) / c.tasks),
      Math.round((N * (t + 1)) / c.tasks),
      Math.floor(r() * 0x1000000),
      Math.floor(r() * 0x1000000),
    ], 4 * t);
  }
  const scratch = new Float32Array(scratchFloats(c.spec) * c.tasks);
  return {
    kernel: "w2v_train",
    spec: spec(c.spec),
    args: [tok, lo, hi, syn0, syn1, cumTable(counts), V, expTable(), tasks, scratch, N, a0, a1],
    units: c.tasks,
  };
}

function spec(s: W2vTrainSpec): W2vTrainSpec {
  return { D: s.D, sg: s.sg, negative: s.negative, cbowMean: s.cbowMean };
}

/** Cases over dims (unrolled and looped rows, tails), both algorithms and CBOW modes. */
export function w2vCases(): W2vCase[] {
  const out: W2vCase[] = [];
  for (const D of [1, 3, 4, 8, 17, 100, 133, 160]) {
    for (const [sg, cbowMean] of [[true, true], [false, true], [false, false]] as const) {
      out.push({
        spec: { D, sg, negative: D % 3 === 0 ? 0 : 5, cbowMean },
        V: 40,
        N: 60,
        tasks: 3,
      });
    }
  }
  return out;
}
