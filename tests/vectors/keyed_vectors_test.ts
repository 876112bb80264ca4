/**
 * KeyedVectors (src/vectors/keyed_vectors.ts) against gensim 4.2's results
 * on the same 2,000 x 50 table (tests/fixtures/gen_vectors.py): same
 * ranking, similarities within 1e-5, on every backend; key <-> index; the
 * norm cache; errors.
 */

import assert from "node:assert/strict";
import {
  Embedding,
  EmbeddingBag,
  embeddingForward,
  KeyedVectors,
  setBackend,
  shutdownWorkers,
  tensor,
} from "../../mod.ts";
import { tensorInternals } from "../../src/tensor/tensor.ts";
import { setSpillAfter } from "../../src/memory/_reclaim.ts";
import { FIXTURE, rejects, table } from "./_files.ts";
import { assertAllClose } from "../_numeric.ts";

const Q = FIXTURE.queries;
const kv = new KeyedVectors(
  Array.from({ length: Q.V }, (_, i) => `w${i}`),
  table(Q.V, Q.D, Q.seed),
);

function assertSame(got: [string, number][], want: [string, number][], msg: string) {
  assert.deepEqual(got.map((x) => x[0]), want.map((x) => x[0]), msg);
  assertAllClose(got.map((x) => x[1]), want.map((x) => x[1]), { atol: 1e-5, rtol: 0, msg });
}

async function checkAll(label: string) {
  for (const c of Q.mostSimilar) {
    assertSame(await kv.mostSimilar(c), c.result, `${label} mostSimilar ${JSON.stringify(c)}`);
  }
  for (const c of Q.mostSimilarCosmul) {
    assertSame(await kv.mostSimilarCosmul(c), c.result, `${label} cosmul ${c.positive}`);
  }
  for (const c of Q.wordsClosestTo) {
    assertSame(await kv.wordsClosestTo(c.vector, c), c.result, `${label} wordsClosestTo`);
  }
  for (const c of Q.distances) {
    assertAllClose(await kv.distances(c.key, c.others), c.result, { atol: 1e-5, rtol: 0 });
  }
}

Deno.test("KeyedVectors queries give gensim's results on every backend", async () => {
  try {
    for (const kernels of ["js", "wasm"] as const) {
      setBackend({ kernels, executor: "inline" });
      await checkAll(`${kernels}/inline`);
      setBackend({ kernels, executor: "workers", workers: 2, inlineBelow: 0 });
      await checkAll(`${kernels}/workers`);
    }
  } finally {
    setBackend({});
    await shutdownWorkers();
  }
});

Deno.test("KeyedVectors queries on a table spilled to the heap give gensim's results", async () => {
  // A fresh result read after the spill threshold lives on the JavaScript heap
  // (src/memory/storage.ts); the scoring kernel gets a copy in the arena.
  const before = setSpillAfter(-1);
  const ids = Int32Array.from({ length: Q.V }, (_, i) => i);
  const spilled = embeddingForward(tensor(table(Q.V, Q.D, Q.seed), { shape: [Q.V, Q.D] }), ids);
  spilled.dataSync();
  setSpillAfter(before);
  const storage = tensorInternals().nodeOf(spilled).storage!;
  assert.equal(storage.spilled, true);
  const kvs = new KeyedVectors(kv.keys, spilled);
  try {
    for (const executor of ["inline", "workers"] as const) {
      setBackend({ executor, workers: 2, inlineBelow: 0 });
      for (const c of Q.mostSimilar) {
        assertSame(await kvs.mostSimilar(c), c.result, `${executor} mostSimilar ${c.positive}`);
      }
    }
  } finally {
    setBackend({});
    await shutdownWorkers();
  }
  assert.equal(storage.spilled, true, "the table stays on the heap");
});

Deno.test("KeyedVectors.similarity() and doesntMatch() give gensim's results", () => {
  for (const [a, b, s] of Q.similarity) assertAllClose([kv.similarity(a, b)], [s], { atol: 1e-6 });
  for (const [words, odd] of Q.doesntMatch) assert.equal(kv.doesntMatch(words), odd);
  assert.equal(kv.doesntMatch(["w1", "nope", "w2", "w3", "w4"]), Q.doesntMatch[0][1]);
});

Deno.test("KeyedVectors maps keys to rows and back, and copies vectors out", () => {
  assert.equal(kv.length, 2000);
  assert.equal(kv.vectorSize, 50);
  assert.equal(kv.indexOf("w1234"), 1234);
  assert.equal(kv.keyAt(1234), "w1234");
  assert.equal(kv.has("w7"), true);
  assert.equal(kv.has("x"), false);
  const v = kv.getVector("w3");
  assert.deepEqual(v, table(Q.V, Q.D, Q.seed).slice(150, 200));
  v[0] = 99;
  assert.notEqual(kv.vectors.dataSync()[150], 99);
  const u = kv.getVector("w3", { norm: true });
  assertAllClose([Math.hypot(...u)], [1], { rtol: 1e-6 });
  assert.equal(kv.toString(), "KeyedVectors(2000 keys, 50 dims)");
});

Deno.test("KeyedVectors.setVector() and vectorsChanged() refresh the cached unit vectors", async () => {
  const small = new KeyedVectors(["a", "b", "c"], [[1, 0], [0, 1], [1, 1]]);
  const before = small.normedVectors();
  assert.equal(small.normedVectors(), before);
  assertAllClose(before.dataSync(), [1, 0, 0, 1, Math.SQRT1_2, Math.SQRT1_2]);
  small.setVector("c", [0, -3]);
  assertAllClose(small.normedVectors().dataSync(), [1, 0, 0, 1, 0, -1]);
  assert.equal((await small.mostSimilar({ positive: "b", topn: 1 }))[0][0], "a");
  small.vectors.dataSync().set([0, 2], 4);
  small.vectorsChanged();
  assert.deepEqual(await small.mostSimilar({ positive: "b", topn: 1 }), [["c", 1]]);
});

Deno.test("Embedding and EmbeddingBag fromPretrained() take a KeyedVectors' table, shared", () => {
  const e = Embedding.fromPretrained(kv, { freeze: false });
  assert.equal(e.weight, kv.vectors);
  assert.equal(e.requiresGrad, true);
  assert.equal(EmbeddingBag.fromPretrained(kv).toString(), "EmbeddingBag(2000, 50, mode=mean)");
  assert.deepEqual(Object.keys(e.stateDict()), ["weight"]);
  assert.equal(e.stateDict().weight, kv.vectors);
});

Deno.test("KeyedVectors rejects bad tables, keys and queries, naming the value", async () => {
  assert.throws(
    () => new KeyedVectors(["a"], [[1], [2]]),
    /KeyedVectors\(\): there are 1 keys but the table has 2 rows/,
  );
  assert.throws(
    () => new KeyedVectors(["a", "a"], [[1], [2]]),
    /keys\[1\] is "a", the same as keys\[0\]/,
  );
  assert.throws(() => new KeyedVectors(["a", 3 as never], [[1], [2]]), TypeError);
  assert.throws(() => new KeyedVectors(["a"], [1] as never), /must be a 2-D float32 tensor/);
  assert.throws(
    () => kv.indexOf("zzz"),
    /KeyedVectors.indexOf\(\): key "zzz" is not in the vocabulary/,
  );
  // Each method names itself for an unknown key.
  for (
    const [method, call] of [
      ["getVector", () => kv.getVector("zzz")],
      ["setVector", () => kv.setVector("zzz", new Float32Array(50))],
      ["similarity", () => kv.similarity("w1", "zzz")],
    ] as const
  ) {
    assert.throws(
      call,
      new RegExp(`^RangeError: KeyedVectors\\.${method}\\(\\): key "zzz" is not`),
    );
  }
  await rejects(kv.distances("zzz"), RangeError, /^KeyedVectors\.distances\(\): key "zzz"/);
  await rejects(kv.distances("w1", ["zzz"]), RangeError, /^KeyedVectors\.distances\(\): key "zzz"/);
  assert.throws(() => kv.keyAt(2000), RangeError);
  assert.throws(() => kv.setVector("w1", [1, 2]), /has 2 values but vectors have 50/);
  await rejects(
    kv.mostSimilar({ positive: ["w1", "zzz"] }),
    RangeError,
    /mostSimilar\(\): positive\[1\] is "zzz", which is not in the vocabulary/,
  );
  // A 100,000-character key is shown shortened, never echoed whole.
  const long = "x".repeat(100_000);
  await rejects(
    kv.mostSimilar({ positive: [long] }),
    RangeError,
    /^KeyedVectors\.mostSimilar\(\): positive\[0\] is "x{40}…" \(100000 characters\), which is not/,
  );
  assert.throws(() => kv.indexOf(long), (e: Error) => e.message.length < 200);
  await rejects(kv.mostSimilar({}), RangeError, /no positive terms/);
  await rejects(kv.mostSimilarCosmul({ negative: ["w1"] }), RangeError, /no positive terms/);
  await rejects(kv.mostSimilar({ positive: "w1", topn: 1.5 }), TypeError, /topn is 1.5/);
  await rejects(
    kv.mostSimilar({ positive: "w1", restrictVocab: -1 }),
    RangeError,
    /restrictVocab is -1/,
  );
  await rejects(kv.mostSimilar({ positive: [3 as never] }), TypeError, /positive\[0\] is 3/);
  await rejects(kv.wordsClosestTo([1, 2]), RangeError, /has 2 values but vectors have 50/);
  assert.deepEqual(await kv.mostSimilar({ positive: "w1", topn: 0 }), []);
  assert.throws(() => kv.doesntMatch(["x", "y"]), /none of the 2 keys is known/);
});

Deno.test("KeyedVectors queries running at the same time each get their own results", async () => {
  const [a, b, d] = await Promise.all([
    kv.mostSimilar(Q.mostSimilar[0]),
    kv.mostSimilarCosmul(Q.mostSimilarCosmul[0]),
    kv.distances(Q.distances[1].key),
  ]);
  assertSame(a, Q.mostSimilar[0].result, "mostSimilar");
  assertSame(b, Q.mostSimilarCosmul[0].result, "cosmul");
  assertAllClose(d, Q.distances[1].result, { atol: 1e-5, rtol: 0 });
});
