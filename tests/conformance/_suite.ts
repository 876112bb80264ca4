/**
 * The PyTorch conformance suite: runs every fixture case through the public
 * API and compares forward outputs, in-place max-norm effects, and dense,
 * sparse and per-sample-weight gradients. `runCase` is shared by every
 * backend combination.
 */

import assert from "node:assert/strict";
import {
  embeddingBagForward,
  embeddingBagGrad,
  embeddingForward,
  embeddingGrad,
  RowSparseGrad,
  type Tensor,
  tensor,
} from "../../mod.ts";
import { assertAllClose, type CloseOptions } from "../_helpers.ts";
import type { Arr, FixtureCase } from "./_fixture.ts";

const t = (a: Arr) => tensor(Float32Array.from(a.data), { shape: a.shape });
const ids = (a: Arr) => tensor(Int32Array.from(a.data), { shape: a.shape });

/** Tolerances: copies are exact; sums may differ from PyTorch's order by an ulp or so. */
const EXACT: CloseOptions = { rtol: 0, atol: 0 };
const SUMS: CloseOptions = { rtol: 1e-5, atol: 1e-6 };
/** Max-norm: PyTorch's float32 norm vs our float64 norm differ by up to ~4e-7 relative. */
const NORMS: CloseOptions = { rtol: 2e-6, atol: 1e-7 };

async function check(actual: Tensor, expected: Arr, tol: CloseOptions, what: string) {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  assertAllClose(await actual.data(), expected.data, { ...tol, msg: what });
}

async function checkSparse(grad: RowSparseGrad, c: FixtureCase, what: string) {
  const e = c.expected;
  assert.deepEqual(
    Array.from(await grad.indices.data()),
    e.sparseGrad!.indices,
    `${what}: indices`,
  );
  await check(grad.values, e.sparseGrad!.values, SUMS, `${what}: values`);
  await check(grad.toDense(), e.gradWeight, SUMS, `${what}: toDense`);
  const co = grad.coalesce();
  const rows = [...new Set(e.sparseGrad!.indices)].sort((a, b) => a - b);
  assert.deepEqual(Array.from(await co.indices.data()), rows, `${what}: coalesced indices`);
  const dense = await e.gradWeight.data;
  const D = e.gradWeight.shape[1];
  const want = rows.flatMap((r) => dense.slice(r * D, (r + 1) * D));
  assertAllClose(await co.values.data(), want, { ...SUMS, msg: `${what}: coalesced values` });
}

/** Runs one fixture case through forward and gradients. */
export async function runCase(c: FixtureCase): Promise<void> {
  const o = c.options;
  const weight = t(c.weight);
  const indices = ids(c.indices);
  const g = t(c.gradOutput);
  const norms = o.maxNorm !== undefined ? NORMS : EXACT;
  const grads = { paddingIdx: o.paddingIdx, scaleGradByFreq: o.scaleGradByFreq };
  if (c.op === "embedding") {
    const out = embeddingForward(weight, indices, {
      paddingIdx: o.paddingIdx,
      maxNorm: o.maxNorm,
      normType: o.normType,
    });
    await check(out, c.expected.output, norms, "output");
    await check(weight, c.expected.weightAfter, norms, "weight after");
    const V = c.weight.shape[0];
    await check(
      embeddingGrad(g, indices, { numEmbeddings: V, ...grads }),
      c.expected.gradWeight,
      SUMS,
      "grad",
    );
    if (o.sparse) {
      await checkSparse(
        embeddingGrad(g, indices, { numEmbeddings: V, ...grads, sparse: true }),
        c,
        "sparse",
      );
    }
    return;
  }
  const psw = o.perSampleWeights ? t(o.perSampleWeights) : undefined;
  const bag = {
    mode: o.mode,
    offsets: o.offsets ? Int32Array.from(o.offsets) : undefined,
    includeLastOffset: o.includeLastOffset,
    paddingIdx: o.paddingIdx,
    perSampleWeights: psw,
  };
  const out = embeddingBagForward(weight, indices, {
    ...bag,
    maxNorm: o.maxNorm,
    normType: o.normType,
  });
  await check(out, c.expected.output, o.maxNorm !== undefined ? NORMS : SUMS, "output");
  await check(weight, c.expected.weightAfter, norms, "weight after");
  const dense = embeddingBagGrad(g, weight, indices, {
    ...bag,
    scaleGradByFreq: o.scaleGradByFreq,
  });
  await check(dense.weight, c.expected.gradWeight, SUMS, "grad");
  if (c.expected.gradPerSampleWeights) {
    assert.ok(dense.perSampleWeights, "per-sample-weight gradient missing");
    await check(
      dense.perSampleWeights,
      c.expected.gradPerSampleWeights,
      { rtol: 1e-5, atol: 1e-5 },
      "psw grad",
    );
  }
  if (o.sparse) {
    const sparse = embeddingBagGrad(g, weight, indices, {
      ...bag,
      scaleGradByFreq: o.scaleGradByFreq,
      sparse: true,
    });
    await checkSparse(sparse.weight, c, "sparse");
  }
}
