/**
 * Tests of t-SNE's pieces against sklearn 1.2's private functions on the same
 * inputs: `_joint_probabilities`, `_joint_probabilities_nn`, `_kl_divergence`
 * and `_kl_divergence_bh` (affinities, objective and gradient).
 */

import assert from "node:assert/strict";
import { jointProbabilities, jointProbabilitiesNn } from "../../src/viz/_affinities.ts";
import { toMatrix } from "../../src/viz/_matrix.ts";
import { nearestNeighbors, pairwiseSquared } from "../../src/viz/_neighbors.ts";
import { barnesHutGradient, BarnesHutState, exactGradient } from "../../src/viz/_tsne_gradient.ts";
import { assertAllClose } from "../_numeric.ts";
import { fixture } from "./_viz_fixture.ts";

const o = fixture.objective;
const m = toMatrix(o.x, "test");
const n = m.rows;
const y = Float64Array.from(o.y.flat());

function sparseP() {
  const { indices, distances } = nearestNeighbors(m, o.k);
  return jointProbabilitiesNn(indices, Float32Array.from(distances), n, o.k, o.perplexity);
}

Deno.test("jointProbabilities() equals sklearn's _joint_probabilities", () => {
  const p = jointProbabilities(Float32Array.from(pairwiseSquared(m)), n, o.perplexity);
  assertAllClose(p, o.pExact.flat(), { rtol: 1e-4, atol: 1e-9 });
});

Deno.test("jointProbabilitiesNn() equals sklearn's _joint_probabilities_nn", () => {
  const p = sparseP();
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let e = p.indptr[i]; e < p.indptr[i + 1]; e++) dense[i * n + p.indices[e]] = p.values[e];
    for (let e = p.indptr[i] + 1; e < p.indptr[i + 1]; e++) {
      assert.ok(p.indices[e - 1] < p.indices[e], "column indices sorted and unique");
    }
  }
  assertAllClose(dense, o.pNn.flat(), { rtol: 1e-4, atol: 1e-9 });
});

Deno.test("exactGradient() equals sklearn's _kl_divergence (value and gradient)", () => {
  const grad = new Float64Array(n * 2);
  const kl = exactGradient(Float64Array.from(o.pExact.flat()), y, n, 2, 1, true, grad);
  assertAllClose([kl], [o.klExact], { rtol: 1e-6 });
  assertAllClose(grad, o.gradExact, { rtol: 1e-6, atol: 1e-9 });
  assert.ok(
    Number.isNaN(exactGradient(Float64Array.from(o.pExact.flat()), y, n, 2, 1, false, grad)),
  );
});

Deno.test("barnesHutGradient() equals sklearn's _kl_divergence_bh at angle 0.5 and 0", () => {
  const p = sparseP();
  for (
    const [angle, kl0, grad0] of [
      [0.5, o.klBarnesHut, o.gradBarnesHut],
      [0, o.klBarnesHutAngle0, o.gradBarnesHutAngle0],
    ] as const
  ) {
    const grad = new Float64Array(n * 2);
    const kl = barnesHutGradient(p, y, n, 2, 1, angle, true, grad, new BarnesHutState(n, 2));
    assertAllClose([kl], [kl0], { rtol: 1e-5, msg: `kl at angle ${angle}` });
    assertAllClose(grad, grad0, { rtol: 1e-4, atol: 1e-7, msg: `grad at angle ${angle}` });
  }
});

Deno.test("barnesHutGradient() at angle 0 is the exact gradient over the sparse P (3-D too)", () => {
  const p = sparseP();
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let e = p.indptr[i]; e < p.indptr[i + 1]; e++) dense[i * n + p.indices[e]] = p.values[e];
  }
  for (const dim of [1, 2, 3]) {
    const y3 = Float64Array.from({ length: n * dim }, (_, t) => Math.sin(t * 1.7) * 4);
    const dof = Math.max(dim - 1, 1);
    const bh = new Float64Array(n * dim), exact = new Float64Array(n * dim);
    barnesHutGradient(p, y3, n, dim, dof, 0, false, bh, new BarnesHutState(n, dim));
    exactGradient(dense, y3, n, dim, dof, false, exact);
    // The 2-D repulsion runs in float32, as sklearn's (gradients here are about 1e-2).
    const tolerance = dim === 2 ? { rtol: 1e-5, atol: 1e-8 } : { rtol: 1e-9, atol: 1e-12 };
    assertAllClose(bh, exact, { ...tolerance, msg: `dim ${dim}` });
  }
});
