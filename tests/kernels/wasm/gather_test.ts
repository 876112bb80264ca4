/**
 * Wasm `gather` (kernels/wasm/gather.ts) against the JS reference, bit for
 * bit: every dim, with and without touching rows ahead, any tuning of the
 * groups and touches, and both copy strategies (unrolled v128 moves and
 * `memory.copy`).
 */

import { emitGather, setUnrollBytes, UNROLL_BYTES } from "../../../kernels/wasm/gather.ts";
import { TUNING } from "../../../kernels/wasm/_tuning.ts";
import { bagCase, bagCases, gatherLaunch } from "../_cases.ts";
import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";

const CASES = [...bagCases(21), bagCase(29, 257), bagCase(30, 300)];

Deno.test("Wasm gather matches the JS kernel bit for bit, with and without touching rows ahead", () => {
  const r = rng(22);
  for (const touch of [false, true]) {
    for (const c of CASES) assertWasmMatchesJs(gatherLaunch(c, { D: c.D, touch }), r);
  }
});

Deno.test("Wasm gather results do not depend on the tuning (groups, rows and lines touched)", () => {
  const r = rng(23);
  const tunings = [
    { ...TUNING, group: 1, aheadRows: 1, aheadLines: 1 },
    { ...TUNING, group: 3, aheadRows: 0 },
    { ...TUNING, group: 0, aheadLines: 100 },
  ];
  for (const tuning of tunings) {
    for (const c of CASES.filter((_, i) => i % 3 === 0)) {
      const spec = { D: c.D, touch: true };
      assertWasmMatchesJs(gatherLaunch(c, spec), r, undefined, emitGather(spec, tuning));
    }
  }
});

Deno.test("Wasm gather copies rows with memory.copy above UNROLL_BYTES, with the same results", () => {
  const r = rng(24), saved = UNROLL_BYTES;
  try {
    setUnrollBytes(0);
    for (const c of CASES.filter((_, i) => i % 2 === 0)) {
      const spec = { D: c.D };
      const k = emitGather(spec);
      if (!k.text.includes("memory.copy")) {
        throw new Error(`D=${c.D}: expected memory.copy in\n${k.text}`);
      }
      assertWasmMatchesJs(gatherLaunch(c, spec), r, undefined, k);
    }
  } finally {
    setUnrollBytes(saved);
  }
});
