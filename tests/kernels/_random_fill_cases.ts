/**
 * Launches of `random_fill` for the kernel tests: block start states from
 * jump-ahead of a base state, and the values loops of `Random.normal()` /
 * `Random.uniform()` from that base state give (the oracle).
 */

import { jumpPolynomial, jumpState } from "../../src/tensor/_xoshiro_jump.ts";
import { randomFromState } from "../../src/tensor/random.ts";
import { f32Sentinel, type Launch } from "./_kernel_harness.ts";

/** A launch of `n` units in blocks of `block` from the state `base`, and the expected output. */
export function randomFillCase(
  dist: "normal" | "uniform",
  block: number,
  n: number,
  base: Int32Array,
  a = 0.5,
  b = 2,
): { launch: Launch; want: Float32Array; end: Int32Array } {
  const blocks = Math.ceil(n / block), draws = dist === "normal" ? 4 : 2;
  const states = new Int32Array(4 * blocks), s = base.slice(), jump = jumpPolynomial(block * draws);
  for (let k = 0; k < blocks; k++, jumpState(s, jump)) states.set(s, 4 * k);
  const g = randomFromState(base), size = dist === "normal" ? 2 * n : n;
  const want = Float32Array.from(
    { length: size },
    () => dist === "normal" ? a + b * g.normal() : a + b * g.uniform(),
  );
  const out = f32Sentinel(size), hits = new Int32Array(blocks).fill(-7);
  const end = base.slice();
  jumpState(end, jumpPolynomial(n * draws));
  return {
    end,
    launch: {
      kernel: "random_fill",
      spec: { dist, block },
      args: [out, n, states, hits, a, b],
      units: blocks,
    },
    want,
  };
}

/** A state from which pair `p` of normal() draws u = 0 (the state (x, 0, x, y) 4p draws on). */
export function rejectingState(p: number): Int32Array {
  const s = Int32Array.of(0x2545f491, 0, 0x2545f491, 0x1b873593);
  jumpState(s, jumpPolynomial(2n ** 128n - 1n - BigInt(4 * p)));
  return s;
}
