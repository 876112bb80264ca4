/**
 * Sizes computed from user numbers are range-checked at the boundary, and
 * the scratch state behind them never survives an unusual call.
 */

import assert from "node:assert/strict";
import { Embedding, embeddingGrad, ones, RowSparseGrad, tensor, zeros } from "../../mod.ts";
import { assertThrowsClean } from "../_helpers.ts";
import { refLookupGrad } from "../_reference.ts";

const sc = { sparse: true, coalesce: true } as const;

Deno.test("embeddingGrad() rejects a numEmbeddings past int32 and later calls stay correct", async () => {
  // The reproduction: a huge V once wrapped the row bitset's size.
  assert.deepEqual(
    Array.from(await embeddingGrad(ones([1, 2]), [63], { numEmbeddings: 64, ...sc }).values.data()),
    [1, 1],
  );
  for (const V of [2 ** 32, 2 ** 31, Infinity]) {
    assertThrowsClean(
      () => embeddingGrad(ones([2, 2]), [5, 9], { numEmbeddings: V, ...sc }),
      V === Infinity ? TypeError : RangeError,
      V === Infinity ? /^embeddingGrad\(\): numEmbeddings is Infinity/ : new RegExp(
        `^embeddingGrad\\(\\): numEmbeddings is ${V} but must lie in \\[0, 2\\^31 - 1\\]`,
      ),
    );
  }
  // A neighbour allocated right after the gradient must stay untouched.
  const g = embeddingGrad(tensor([[1, 2], [3, 4], [5, 6]]), [5, 9, 5], {
    numEmbeddings: 16,
    ...sc,
  });
  const neighbour = tensor([-1, -1, -1, -1]);
  assert.deepEqual(g.indices.shape, [2]);
  assert.deepEqual(Array.from(await g.indices.data()), [5, 9]);
  const dense = refLookupGrad([1, 2, 3, 4, 5, 6], [5, 9, 5], 16, 2);
  assert.deepEqual(Array.from(await g.values.data()), [
    ...dense.slice(10, 12),
    ...dense.slice(18, 20),
  ]);
  assert.deepEqual(Array.from(neighbour.dataSync()), [-1, -1, -1, -1]);
});

Deno.test("embeddingGrad() counts distinct rows of a huge numEmbeddings without a V-sized bitset", async () => {
  const V = 2 ** 31 - 1, idx = [V - 1, 0, V - 1, 7];
  const g = embeddingGrad(ones([4, 3]), idx, { numEmbeddings: V, ...sc });
  assert.deepEqual(Array.from(await g.indices.data()), [0, 7, V - 1]);
  assert.deepEqual(Array.from(await g.values.data()), [1, 1, 1, 1, 1, 1, 2, 2, 2]);
  // Then a small V reuses the bitset: it must be clean.
  const h = embeddingGrad(ones([3, 1]), [3, 3, 1], { numEmbeddings: 8, ...sc });
  assert.deepEqual(Array.from(await h.indices.data()), [1, 3]);
  assert.deepEqual(Array.from(await h.values.data()), [1, 2]);
});

Deno.test("zeros() and tensor() reject shapes whose bytes overflow 32-bit addressing, even when empty", () => {
  assertThrowsClean(
    () => zeros([0, 2 ** 31]),
    RangeError,
    /^zeros\(\): shape\[1\] is 2147483648 but must be at most 2\^31 - 1$/,
  );
  assertThrowsClean(
    () => zeros([0, 2 ** 30]),
    RangeError,
    /^zeros\(\): shape \[0,1073741824\] needs 1073741824 elements \(4294967296 bytes\) but a tensor must stay below 4 GiB/,
  );
  assertThrowsClean(
    () => tensor([], { shape: [0, 2 ** 31] }),
    RangeError,
    /^tensor\(\): shape\[1\] is 2147483648/,
  );
  assert.deepEqual(zeros([0, 2 ** 20]).shape, [0, 2 ** 20]);
});

Deno.test("Embedding() and RowSparseGrad() range-check numEmbeddings and embeddingDim", () => {
  assertThrowsClean(
    () => new Embedding(2 ** 31, 1),
    RangeError,
    /^Embedding\(\): numEmbeddings is 2147483648 but must lie in \[0, 2\^31 - 1\]/,
  );
  assertThrowsClean(
    () => new Embedding(0, 2 ** 31),
    RangeError,
    /^Embedding\(\): embeddingDim is 2147483648 but must lie in \[0, 2\^31 - 1\]$/,
  );
  assertThrowsClean(
    () => new Embedding(2 ** 20, 2 ** 10),
    RangeError,
    /^Embedding\(\): the table \[1048576,1024\] needs 1073741824 elements .*below 4 GiB/,
  );
  assertThrowsClean(
    () => new RowSparseGrad([1], [[1]], { numEmbeddings: 2 ** 32 }),
    RangeError,
    /^RowSparseGrad\(\): numEmbeddings is 4294967296 but must lie in \[0, 2\^31 - 1\]/,
  );
});
