/**
 * Wasm `random_fill` (kernels/wasm/random_fill.ts): the JS reference's
 * values bit for bit (f64x2 forms of the same log, cos and sin), in any
 * split, through the four-block lane path and the scalar one, with a
 * rejected `u = 0` reported alike.
 */

import { Random } from "../../../src/tensor/random.ts";
import { assertBitwise, assertWasmMatchesJs, buf, rng, run } from "../_kernel_harness.ts";
import { randomFillCase, rejectingState } from "../_random_fill_cases.ts";

const pick = new Random(12);
const state = () => Int32Array.from({ length: 4 }, () => pick.nextUint32() | 0);

for (const dist of ["normal", "uniform"] as const) {
  Deno.test(`Wasm random_fill (${dist}) matches the JS kernel and the sequential stream`, () => {
    const r = rng(5);
    for (const [block, n] of [[1, 5], [7, 30], [64, 1000], [4096, 20000]]) {
      const { launch, want } = randomFillCase(dist, block, n, state(), -0.25, 3);
      assertWasmMatchesJs(launch, r);
      assertBitwise(buf(run(launch, "wasm"), 0), want, `${dist} ${block} ${n}`);
    }
  });
}

Deno.test("Wasm random_fill reports a rejected u = 0 like the JS kernel", () => {
  for (const p of [0, 7, 19]) {
    assertWasmMatchesJs(randomFillCase("normal", 10, 30, rejectingState(p)).launch, rng(p));
  }
  // Four whole blocks go one per lane; a u of 0 in any lane hands the four to the scalar path.
  for (const p of [0, 7, 19, 33, 39, 45]) {
    assertWasmMatchesJs(randomFillCase("normal", 10, 50, rejectingState(p)).launch, rng(p));
    assertWasmMatchesJs(randomFillCase("normal", 5, 45, rejectingState(p)).launch, rng(p));
  }
});
