/**
 * Parallel random fills (src/runtime/random_fill.ts, through `fillNormal` /
 * `fillUniform` on arena buffers): bit for bit the sequential stream, on JS
 * and Wasm kernels, inline and on 1 or 2 Workers, for sizes that are not
 * multiples of a block, odd lengths (a spare left for the next `normal()`),
 * a spare pending from earlier `normal()` calls, and a rejected `u = 0`.
 */

import assert from "node:assert/strict";
import { Embedding, randn, setBackend } from "../../mod.ts";
import { poolForTests } from "../../src/runtime/backend.ts";
import { BACKENDS as ALL } from "../_backends.ts";
import { fillBlocks, PARALLEL_FILL_MIN } from "../../src/runtime/random_fill.ts";
import { fillNormal, fillUniform, Random, randomFromState } from "../../src/tensor/random.ts";
import { jumpPolynomial, jumpState } from "../../src/tensor/_xoshiro_jump.ts";
import { allocTensor } from "../../src/tensor/tensor.ts";
import { assertBitwise } from "../_numeric.ts";

const BACKENDS = ALL.map((b) => b.options);
const M = PARALLEL_FILL_MIN;
const SIZES = [M - 1, M, M + 1, 196613, 262143, 589827];

/** An arena buffer of n floats. */
const arenaView = (n: number) => allocTensor([n], "float32", "test").dataSync();

/** Fills through the arena (parallel) and a plain array (sequential) from equal generators. */
function compare(a: Random, b: Random, n: number, dist: "normal" | "uniform", what: string) {
  const got = arenaView(n), want = new Float32Array(n);
  if (dist === "normal") {
    fillNormal(a, got, 0.5, 2);
    fillNormal(b, want, 0.5, 2);
  } else {
    fillUniform(a, got, -1, 3);
    fillUniform(b, want, -1, 3);
  }
  assertBitwise(got, want, what);
  // Both generators are left at the same state, with the same spare.
  assert.deepEqual([a.normal(), a.normal(), a.uniform()], [b.normal(), b.normal(), b.uniform()]);
}

for (const options of BACKENDS) {
  const name = `${options.kernels}/${options.executor}${
    options.workers ? `x${options.workers}` : ""
  }`;
  Deno.test(`fillNormal() and fillUniform() of arena tables equal the sequential stream (${name})`, async () => {
    setBackend(options);
    try {
      if (options.executor === "workers") await poolForTests()!.boot();
      for (const seed of [0, 42, 2 ** 40 + 3]) {
        for (const n of SIZES) {
          for (const pending of [false, true]) {
            const a = new Random(seed), b = new Random(seed);
            if (pending) a.normal(), b.normal(); // a spare waits for the next normal()
            compare(a, b, n, "normal", `normal seed ${seed} n ${n} pending ${pending}`);
          }
          compare(new Random(seed), new Random(seed), n, "uniform", `uniform seed ${seed} n ${n}`);
        }
      }
      if (options.executor === "workers") assert.ok(poolForTests()?.started, "the Workers ran");
    } finally {
      setBackend({});
    }
  });
}

Deno.test("a fill does not start Workers or wait for them to boot unless it is large", async () => {
  setBackend({ executor: "workers", workers: 2 });
  try {
    const pool = poolForTests()!;
    await pool.shutdown();
    const a = new Random(7), b = new Random(7);
    compare(a, b, 4 * M, "normal", "before the Workers run");
    assert.equal(pool.started, false, "a fill of 4 blocks started the Workers");
    await pool.boot();
    assert.ok(pool.booted);
    compare(a, b, 4 * M, "normal", "on booted Workers");
  } finally {
    setBackend({});
  }
});

/** A state from which pair `p` of normal() draws u = 0: the state (x, 0, x, y) 4p draws on. */
function rejectingAt(p: number): Int32Array {
  const s = Int32Array.of(0x2545f491, 0, 0x2545f491, 0x1b873593);
  jumpState(s, jumpPolynomial(2n ** 128n - 1n - BigInt(4 * p))); // 4p draws back
  return s;
}

Deno.test("fillNormal(): a rejected u = 0 inside a block falls back to the sequential stream from there", () => {
  for (const options of [BACKENDS[1], BACKENDS[3], BACKENDS[5]]) {
    setBackend(options);
    try {
      for (const p of [5, 40000, 70000]) {
        const n = 2 * 90001, s = rejectingAt(p);
        // The kernel stops there and reports the pair.
        assert.equal(fillBlocks("normal", s, arenaView(n), n / 2, 0, 1), p);
        const what = `${options.kernels}/${options.workers ?? "inline"} p ${p}`;
        compare(randomFromState(s), randomFromState(s), n, "normal", what);
      }
    } finally {
      setBackend({});
    }
  }
});

Deno.test("randn() and new Embedding() fill in parallel the values of the sequential stream", () => {
  setBackend({ executor: "workers", workers: 2 });
  try {
    const want = new Float32Array(300001);
    fillNormal(new Random(3), want, 0, 1);
    assertBitwise(randn([300001], { seed: 3 }).dataSync(), want);
    const table = new Float32Array(70001 * 3);
    fillNormal(new Random(4), table);
    assertBitwise(new Embedding(70001, 3, { seed: 4 }).weight.dataSync(), table);
  } finally {
    setBackend({});
  }
});
