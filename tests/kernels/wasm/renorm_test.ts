/**
 * Wasm `renorm` (kernels/wasm/renorm.ts) against the JS reference, bit for
 * bit, for every norm type the emitter special-cases (1, 2, Infinity) and
 * general p (through the imported `Math.pow`), with NaN and infinite entries.
 */

import assert from "node:assert/strict";
import { wasmKernel } from "../../../kernels/wasm/registry.ts";
import { bagCases, renormLaunch } from "../_cases.ts";
import { assertWasmMatchesJs, rng } from "../_kernel_harness.ts";

const NORMS = [1, 2, Infinity, 3, 0.5, 1.5];

Deno.test("Wasm renorm matches the JS kernel bit for bit for every norm type", () => {
  const r = rng(71);
  for (const p of NORMS) {
    for (const c of bagCases(72, 2)) {
      for (const maxNorm of [0.25, 1, 3]) {
        assertWasmMatchesJs(renormLaunch(c, { D: c.D, p }, maxNorm), r);
      }
    }
  }
});

Deno.test("Wasm renorm imports env.pow only for general p", () => {
  for (const p of NORMS) {
    const k = wasmKernel("renorm", { D: 3, p });
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(k.bytes as BufferSource)).map(
      (i) => i.name,
    );
    const general = p !== 1 && p !== 2 && p !== Infinity;
    assert.equal(k.pow, general);
    assert.deepEqual(imports, general ? ["memory", "pow"] : ["memory"]);
  }
});
