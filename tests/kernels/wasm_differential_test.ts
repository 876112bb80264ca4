/**
 * Randomised differential test: every op, over random shapes and options
 * (odd embedding dims that exercise the SIMD tails, empty and padded bags,
 * duplicates, ragged offsets, max-norm with every norm type, all gradient
 * layouts), computed with the JS reference kernels inline and compared bit
 * for bit with the Wasm kernels inline and on 2 Workers, and with the JS
 * kernels on 2 Workers.
 */

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingBagGrad,
  embeddingForward,
  embeddingGrad,
  type RowSparseGrad,
  setBackend,
  shutdownWorkers,
  type Tensor,
  tensor,
} from "../../mod.ts";
import { assertBitwise, rng } from "../_helpers.ts";
import { WORKER_TEST } from "../_backends.ts";

const DIMS = [1, 3, 4, 8, 17, 33, 64];

interface Case {
  V: number;
  D: number;
  table: Float32Array;
  ids: Int32Array;
  offsets: Int32Array;
  lengths: number[];
  psw: Float32Array;
  pad: number | null;
  mode: "sum" | "mean" | "max";
  maxNorm: number;
  p: number;
  freq: boolean;
}

function makeCase(seed: number): Case {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const V = 1 + int(60), D = DIMS[int(DIMS.length)];
  const B = int(40), lengths = Array.from({ length: B }, () => (r() < 0.15 ? 0 : int(24)));
  const N = lengths.reduce((a, b) => a + b, 0);
  // Quarter-step values make ties in max bags likely; a few NaNs test the NaN rule.
  const table = Float32Array.from(
    { length: V * D },
    () => (r() < 0.01 ? NaN : Math.round((r() * 8 - 4) * 4) / 4),
  );
  const ids = Int32Array.from({ length: N }, () => int(Math.min(V, 1 + int(V))));
  const offsets = new Int32Array(B);
  lengths.reduce((at, len, b) => ((offsets[b] = at), at + len), 0);
  const psw = Float32Array.from({ length: N }, () => r() * 4 - 2);
  const modes = ["sum", "mean", "max"] as const;
  return {
    V,
    D,
    table,
    ids,
    offsets,
    lengths,
    psw,
    pad: r() < 0.5 ? int(V) : null,
    mode: modes[int(3)],
    maxNorm: 0.5 + r() * 3,
    p: [1, 2, 3, 0.5, Infinity][int(5)],
    freq: r() < 0.5,
  };
}

/** Everything the ops compute for a case, flattened to arrays. */
async function compute(c: Case): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  const grab = async (t: Tensor) => out.push(Float32Array.from(await t.data()));
  const grabSparse = async (g: RowSparseGrad) => {
    await grab(g.values);
    out.push(Float32Array.from(await g.indices.data()));
  };
  const { V, D, pad } = c;
  const w = () => tensor(c.table.slice(), { shape: [V, D] });
  const idx = tensor(c.ids), off = tensor(c.offsets), psw = tensor(c.psw);
  const N = c.ids.length;
  // Lookups, with and without max-norm (the table after renormalisation too).
  await grab(embeddingForward(w(), idx));
  const renormed = w();
  await grab(embeddingForward(renormed, idx, { maxNorm: c.maxNorm, normType: c.p }));
  await grab(renormed);
  const g = tensor(Float32Array.from({ length: N * D }, (_, i) => ((i * 7919) % 13) / 4 - 1.5), {
    shape: [N, D],
  });
  for (const scaleGradByFreq of [false, c.freq]) {
    await grab(embeddingGrad(g, idx, { numEmbeddings: V, paddingIdx: pad, scaleGradByFreq }));
    await grabSparse(
      embeddingGrad(g, idx, { numEmbeddings: V, paddingIdx: pad, scaleGradByFreq, sparse: true }),
    );
    await grabSparse(
      embeddingGrad(g, idx, {
        numEmbeddings: V,
        paddingIdx: pad,
        scaleGradByFreq,
        sparse: true,
        coalesce: true,
      }),
    );
  }
  // Bags in every mode.
  const B = c.offsets.length;
  const gb = tensor(
    Float32Array.from({ length: B * D }, (_, i) => ((i * 104729) % 11) / 4 - 1.25),
    { shape: [B, D] },
  );
  for (const mode of ["sum", "mean", "max"] as const) {
    const o = { offsets: off, mode, paddingIdx: pad };
    await grab(embeddingBagForward(w(), idx, o));
    await grab(embeddingBagGrad(gb, w(), idx, o).weight);
    if (mode !== "max") {
      const f = { ...o, scaleGradByFreq: c.freq };
      await grab(embeddingBagGrad(gb, w(), idx, f).weight);
      await grabSparse(embeddingBagGrad(gb, w(), idx, { ...f, sparse: true }).weight);
      await grabSparse(
        embeddingBagGrad(gb, w(), idx, { ...f, sparse: true, coalesce: true }).weight,
      );
    }
  }
  const weighted = { offsets: off, mode: "sum" as const, paddingIdx: pad, perSampleWeights: psw };
  await grab(embeddingBagForward(w(), idx, weighted));
  const grads = embeddingBagGrad(gb, w(), idx, weighted);
  await grab(grads.weight);
  await grab(grads.perSampleWeights!);
  const bagMaxNorm = w();
  await grab(
    embeddingBagForward(bagMaxNorm, idx, {
      offsets: off,
      mode: c.mode,
      maxNorm: c.maxNorm,
      normType: c.p,
    }),
  );
  await grab(bagMaxNorm);
  return out;
}

const CASES = Array.from({ length: 60 }, (_, i) => makeCase(1000 + i));
const OTHERS = [
  { name: "inline/wasm", options: { kernels: "wasm", executor: "inline" } },
  {
    name: "workers/wasm x2",
    options: { kernels: "wasm", executor: "workers", workers: 2, inlineBelow: 0 },
  },
  {
    name: "workers/js x2",
    options: { kernels: "js", executor: "workers", workers: 2, inlineBelow: 0 },
  },
] as const;

Deno.test({
  name: "Wasm kernels and Workers agree bit for bit with the JS reference kernels on random cases",
  ...WORKER_TEST,
  fn: async (t) => {
    setBackend({ kernels: "js", executor: "inline" });
    const reference: Float32Array[][] = [];
    for (const c of CASES) reference.push(await compute(c));
    try {
      for (const other of OTHERS) {
        await t.step(other.name, async () => {
          setBackend(other.options);
          for (let i = 0; i < CASES.length; i++) {
            const got = await compute(CASES[i]);
            assert.equal(got.length, reference[i].length);
            got.forEach((a, k) =>
              assertBitwise(a, reference[i][k], `case ${i} (D=${CASES[i].D}) output ${k}`)
            );
          }
        });
      }
    } finally {
      setBackend({});
      await shutdownWorkers();
    }
  },
});
