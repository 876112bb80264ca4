/**
 * Wasm `dot_rows_i8` (kernels/wasm/dot_rows_i8.ts) against the JS reference,
 * bit for bit, including the largest sums the caller allows.
 */

import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";
import { dotI8Launch } from "../_dot_i8_cases.ts";

Deno.test("Wasm dot_rows_i8 matches the JS kernel bit for bit", () => {
  const r = rng(7);
  for (const P of [16, 32, 64, 304, 1008]) {
    assertWasmMatchesJs(dotI8Launch(29, P, P + 1).launch, r);
    const qMax = Math.min(32767, Math.floor((2 ** 31 - 1) / (128 * P)));
    assertWasmMatchesJs(dotI8Launch(5, P, P, qMax, true).launch, r);
    assertWasmMatchesJs(dotI8Launch(5, P, P, -qMax, true).launch, r);
  }
});
