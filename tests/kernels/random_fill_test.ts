/**
 * `random_fill` (kernels/random_fill.ts): each block, from its jumped-to
 * state, holds what loops of `Random.normal()` / `uniform()` give, in any
 * split of the blocks; a rejected `u = 0` stops its block and is reported;
 * the body rebuilt from its source text computes the same.
 */

import assert from "node:assert/strict";
import { Random, randomFromState } from "../../src/tensor/random.ts";
import { assertBitwise, assertSplitInvariant, buf, rng, run } from "./_kernel_harness.ts";
import { randomFillCase, rejectingState } from "./_random_fill_cases.ts";
import { cosTurnF64, logF64, sinTurnF64 } from "../../kernels/_math64.ts";

const pick = new Random(11);
const state = () => Int32Array.from({ length: 4 }, () => pick.nextUint32() | 0);

for (const dist of ["normal", "uniform"] as const) {
  Deno.test(`random_fill kernel (${dist}) equals the sequential stream in any split of its blocks`, () => {
    const r = rng(3);
    for (const [block, n] of [[1, 5], [7, 7], [7, 30], [64, 1000], [100, 99]]) {
      const { launch, want, end } = randomFillCase(dist, block, n, state());
      const out = assertSplitInvariant(launch, "js", r, `${dist} ${block} ${n}`);
      assertBitwise(buf(out, 0), want, `${dist} block ${block} n ${n}`);
      // Each block's end state replaces its start state: the last one is the stream's end.
      assert.deepEqual(buf<Int32Array>(out, 2).slice(-4), end);
      assert.deepEqual([...buf<Int32Array>(out, 3)], new Array(launch.units).fill(-1));
      const rebuilt = run(launch, "rebuilt");
      assertBitwise(buf(rebuilt, 0), want, "rebuilt");
    }
  });
}

/** Box–Muller on consecutive pairs of uniforms, without the rejection of u = 0. */
function pairsWithoutRejection(base: Int32Array, pairs: number): Float32Array {
  const g = randomFromState(base), out = new Float32Array(2 * pairs);
  const bits = new DataView(new ArrayBuffer(8));
  for (let k = 0; k < pairs; k++) {
    const u = g.uniform(), v = g.uniform(), r = Math.sqrt(-2 * logF64(u, bits));
    out[2 * k] = 0.5 + 2 * (r * cosTurnF64(v));
    out[2 * k + 1] = 0.5 + 2 * (r * sinTurnF64(v));
  }
  return out;
}

Deno.test("random_fill kernel stops a block at a rejected u = 0 and reports its pair", () => {
  for (const p of [0, 3, 12, 25]) {
    const base = rejectingState(p);
    const { launch, want } = randomFillCase("normal", 10, 30, base);
    const plain = pairsWithoutRejection(base, 30);
    assert.notEqual(want[2 * p], plain[2 * p]); // the sequential stream rejected u there
    const out = run(launch);
    const hits = [-1, -1, -1], blockEnd = 2 * (10 * Math.floor(p / 10) + 10);
    hits[Math.floor(p / 10)] = p % 10;
    assert.deepEqual([...buf<Int32Array>(out, 3)], hits, `p ${p}`);
    const got = buf(out, 0);
    // Before the pair: the stream; the pair and the rest of its block: untouched; later
    // blocks: from their own states (the caller redoes everything from the pair on).
    assertBitwise(got.subarray(0, 2 * p), want.subarray(0, 2 * p));
    assert.ok(got.subarray(2 * p, blockEnd).every((x) => x === -1234.5), `p ${p} untouched`);
    assertBitwise(got.subarray(blockEnd), plain.subarray(blockEnd), "later blocks");
  }
});
