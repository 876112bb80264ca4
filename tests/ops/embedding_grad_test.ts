/** Tests of `embeddingGrad`: errors (docs/semantics.md: Gradients, Errors), dense and sparse gradients against a naive reference and finite differences. */

import assert from "node:assert/strict";
import { embeddingForward, embeddingGrad, RowSparseGrad, Tensor, tensor } from "../../mod.ts";
import { assertAllClose, assertBitwise, assertThrowsClean, rng, snapshot } from "../_helpers.ts";
import { dot, finiteDiff, ints, refLookupGrad, uniforms } from "../_reference.ts";

const SUMS = { rtol: 1e-5, atol: 1e-6 };
const F = /^embeddingGrad\(\): /;

function expectError(
  g: Tensor,
  ids: unknown,
  options: unknown,
  ErrorClass: typeof TypeError,
  pattern: RegExp,
) {
  const call = () => embeddingGrad(g as Tensor<"float32">, ids as never, options as never);
  assertThrowsClean(
    call,
    ErrorClass,
    new RegExp(F.source + pattern.source),
    g instanceof Tensor ? [g] : [],
  );
}

/** Multiples of 1/8 in [-2, 2]: sums of a few of them are exact in float32. */
function dyadic(r: () => number, n: number): Float32Array {
  return Float32Array.from(uniforms(r, n, -2, 2), (x) => Math.round(x * 8) / 8);
}

Deno.test("embeddingGrad() rejects a gradOutput of the wrong shape or kind", () => {
  const g = tensor([[1, 2]]);
  expectError(
    g,
    [1, 2],
    { numEmbeddings: 10 },
    TypeError,
    /gradOutput has shape \[1,2\] but must be indices\.shape \+ \[D\] = \[2,D\]$/,
  );
  expectError(
    g,
    [[1]],
    { numEmbeddings: 10 },
    TypeError,
    /gradOutput has shape \[1,2\] but must be indices\.shape \+ \[D\] = \[1,1,D\]$/,
  );
  expectError(
    g,
    1,
    { numEmbeddings: 10 },
    TypeError,
    /gradOutput has shape \[1,2\] but must be indices\.shape \+ \[D\] = \[D\]$/,
  );
  const ints32 = tensor([[1, 2]], { dtype: "int32" });
  expectError(
    ints32,
    [1],
    { numEmbeddings: 10 },
    TypeError,
    /gradOutput is an? int32 tensor but must be float32$/,
  );
  expectError(
    "x" as never,
    [1],
    { numEmbeddings: 10 },
    TypeError,
    /gradOutput is "x" but must be a float32 tensor/,
  );
});

Deno.test("embeddingGrad() rejects a missing or bad numEmbeddings", () => {
  const g = tensor([[1, 2]]);
  expectError(
    g,
    [1],
    {},
    TypeError,
    /numEmbeddings is missing but must be a non-negative integer$/,
  );
  expectError(g, [1], undefined, TypeError, /numEmbeddings is missing/);
  expectError(
    g,
    [1],
    { numEmbeddings: 2.5 },
    TypeError,
    /numEmbeddings is 2\.5 but must be a non-negative integer$/,
  );
  expectError(
    g,
    [1],
    { numEmbeddings: -1 },
    RangeError,
    /numEmbeddings is -1 but must be non-negative$/,
  );
});

Deno.test("embeddingGrad() rejects out-of-range indices, paddingIdx and unknown options", () => {
  const g = tensor([[1, 2], [3, 4]]);
  expectError(
    g,
    [1, 10],
    { numEmbeddings: 10 },
    RangeError,
    /indices\[1\] is 10 but numEmbeddings is 10$/,
  );
  expectError(
    tensor([[[1, 2], [3, 4]]]),
    [[-3, 1]],
    { numEmbeddings: 10 },
    RangeError,
    /indices\[0,0\] is -3 but indices must be non-negative \(numEmbeddings is 10\)$/,
  );
  expectError(
    g,
    [1, 1.5],
    { numEmbeddings: 10 },
    TypeError,
    /indices\[1\] is 1\.5 but int32 data must be integers$/,
  );
  expectError(
    g,
    [1, 2],
    { numEmbeddings: 10, paddingIdx: 10 },
    RangeError,
    /paddingIdx is 10 but must lie in \[-10, 10\)/,
  );
  expectError(g, [1, 2], { numEmbeddings: 10, paddingIdx: -11 }, RangeError, /paddingIdx is -11/);
  expectError(
    g,
    [1, 2],
    { numEmbeddings: 10, padding_idx: 0 },
    TypeError,
    /unknown option padding_idx \(did you mean paddingIdx\?\)$/,
  );
  expectError(
    g,
    [1, 2],
    { numEmbeddings: 10, maxNorm: 1 },
    TypeError,
    /unknown option maxNorm \(known options: numEmbeddings, paddingIdx/,
  );
  expectError(
    g,
    [1, 2],
    { numEmbeddings: 10, coalesce: 1 },
    TypeError,
    /coalesce is 1 but must be a boolean$/,
  );
});

Deno.test("embeddingGrad() equals finite differences of embeddingForward", () => {
  const r = rng(7);
  const V = 5, D = 3, ids = [[4, 1, 4], [0, 4, 2]];
  const w0 = dyadic(r, V * D), g = dyadic(r, 6 * D);
  const loss = (x: Float64Array) =>
    dot(g, embeddingForward(tensor(Float32Array.from(x), { shape: [V, D] }), ids).dataSync());
  // The data are dyadic and the loss is linear, so the differences are exact.
  const fd = finiteDiff(loss, w0, 0.25);
  assertBitwise(
    embeddingGrad(tensor(g, { shape: [2, 3, D] }), ids, { numEmbeddings: V }).dataSync(),
    fd,
  );
  assert.ok(
    fd.some((x) => x !== 0) && fd.slice(3 * D, 4 * D).every((x) => x === 0),
    "row 3 is never looked up",
  );
});

Deno.test("embeddingGrad() matches a naive scatter-add with duplicates, padding and scaleGradByFreq", () => {
  for (let seed = 0; seed < 12; seed++) {
    const r = rng(seed);
    const V = 8, D = 4, shape = seed % 3 === 0 ? [15] : [3, 5];
    const idx = ints(r, 15, V);
    const g = Float32Array.from(uniforms(r, 15 * D));
    const pad = seed % 2 ? idx[2] : null, scaleGradByFreq = seed % 4 >= 2;
    const gt = tensor(g, { shape: [...shape, D] });
    const got = embeddingGrad(gt, tensor(Int32Array.from(idx), { shape }), {
      numEmbeddings: V,
      paddingIdx: pad,
      scaleGradByFreq,
    });
    assert.deepEqual(got.shape, [V, D]);
    assertAllClose(got.dataSync(), refLookupGrad(g, idx, V, D, pad, scaleGradByFreq), {
      ...SUMS,
      msg: `seed ${seed}`,
    });
    if (pad !== null) {
      assertBitwise(got.dataSync().subarray(pad * D, pad * D + D), [0, 0, 0, 0], "padding row");
    }
    assertBitwise(gt.dataSync(), g, "gradOutput is only read");
  }
});

Deno.test("embeddingGrad() with scaleGradByFreq divides by the row's count in the whole batch", () => {
  const g = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]];
  const got = embeddingGrad(g, [[2, 0], [2, 2]], { numEmbeddings: 3, scaleGradByFreq: true });
  // Row 2 appears three times: (1 + 5 + 7) / 3 and (2 + 6 + 8) / 3; row 0 once.
  assertAllClose(got.dataSync(), [3, 4, 0, 0, 13 / 3, 16 / 3], { rtol: 1e-7 });
});

Deno.test("embeddingGrad() of a scalar index and of no indices", () => {
  assertBitwise(embeddingGrad([1, 2], 2, { numEmbeddings: 3 }).dataSync(), [0, 0, 0, 0, 1, 2]);
  const empty = embeddingGrad(tensor(new Float32Array(0), { shape: [0, 2] }), [], {
    numEmbeddings: 3,
  });
  assertBitwise(empty.dataSync(), [0, 0, 0, 0, 0, 0]);
  const sparse = embeddingGrad(tensor(new Float32Array(0), { shape: [0, 2] }), [], {
    numEmbeddings: 3,
    sparse: true,
  });
  assert.deepEqual([sparse.indices.shape, sparse.values.shape], [[0], [0, 2]]);
  assertBitwise(sparse.toDense().dataSync(), [0, 0, 0, 0, 0, 0]);
});

Deno.test("embeddingGrad() with sparse gives PyTorch's layout: one entry per non-padding lookup, in order", () => {
  const g = tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
  const grad = embeddingGrad(g, [[3, 0], [3, 2]], {
    numEmbeddings: 4,
    sparse: true,
    paddingIdx: 0,
  });
  assert.ok(grad instanceof RowSparseGrad);
  assert.equal(grad.coalesced, false);
  assert.deepEqual(grad.shape, [4, 2]);
  assert.deepEqual(Array.from(grad.indices.dataSync()), [3, 3, 2]);
  assertBitwise(grad.values.dataSync(), [1, 2, 5, 6, 7, 8]);
  assertBitwise(grad.toDense().dataSync(), [0, 0, 0, 0, 7, 8, 6, 8]);
});

Deno.test("embeddingGrad() with sparse and coalesce sums rows in ascending order, with scaleGradByFreq", () => {
  const g = tensor([[1, 2], [3, 4], [5, 6], [7, 8]]);
  const grad = embeddingGrad(g, [3, 1, 3, 3], {
    numEmbeddings: 5,
    sparse: true,
    coalesce: true,
    scaleGradByFreq: true,
  });
  assert.equal(grad.coalesced, true);
  assert.deepEqual(Array.from(grad.indices.dataSync()), [1, 3]);
  assertAllClose(grad.values.dataSync(), [3, 4, 13 / 3, 16 / 3], { rtol: 1e-7 });
  assertBitwise(grad.values.dataSync().subarray(0, 2), [3, 4]);
});

Deno.test("embeddingGrad() sparse, coalesced and dense gradients agree bit for bit", () => {
  for (let seed = 0; seed < 6; seed++) {
    const r = rng(50 + seed);
    const V = 6, D = 3, n = 40;
    const idx = ints(r, n, V);
    const g = tensor(Float32Array.from(uniforms(r, n * D)), { shape: [n, D] });
    const options = {
      numEmbeddings: V,
      paddingIdx: seed % 2 ? idx[0] : null,
      scaleGradByFreq: seed >= 3,
    };
    const dense = embeddingGrad(g, idx, options).dataSync();
    const sparse = embeddingGrad(g, idx, { ...options, sparse: true });
    const coalesced = embeddingGrad(g, idx, { ...options, sparse: true, coalesce: true });
    const rows = Array.from(coalesced.indices.dataSync());
    assert.deepEqual(
      rows,
      [...new Set(idx)].filter((k) => k !== options.paddingIdx).sort((a, b) => a - b),
    );
    assertBitwise(
      coalesced.values.dataSync(),
      rows.flatMap((k) => Array.from(dense.subarray(k * D, k * D + D))),
      `seed ${seed}`,
    );
    assertBitwise(sparse.toDense().dataSync(), dense, `seed ${seed} toDense`);
    assertBitwise(
      sparse.coalesce().values.dataSync(),
      coalesced.values.dataSync(),
      `seed ${seed} coalesce()`,
    );
  }
});

Deno.test("embeddingGrad() returns new tensors and mutates nothing", () => {
  const g = tensor([[1, 2], [3, 4]]);
  const before = snapshot(g);
  const a = embeddingGrad(g, [1, 1], { numEmbeddings: 2 });
  const b = embeddingGrad(g, [1, 1], { numEmbeddings: 2 });
  assert.notEqual(a, b);
  a.dataSync()[2] = 100;
  assertBitwise(b.dataSync(), [0, 0, 4, 6]);
  assert.deepEqual(snapshot(g), before);
});
