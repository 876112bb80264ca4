/**
 * Wasm `row_csr` (kernels/wasm/row_csr.ts) against the JS reference, bit for
 * bit on every part of the csr block the layout defines (the Wasm kernel
 * also uses the histogram scratch after it), for both specs and for keys
 * that need one, two and three 11-bit radix passes.
 */

import assert from "node:assert/strict";
import { bagCases } from "../_cases.ts";
import { csrParts, rowCsrLaunch } from "../_grad_cases.ts";
import { assertBitwise, assertSameRuns, buf, rng, run } from "../_kernel_harness.ts";

function check(idx: Int32Array, V: number, pad: number, padded: boolean, msg: string): void {
  const l = rowCsrLaunch(idx, V, pad, { padded });
  const js = run(l, "js"), wasm = run(l, "wasm");
  assertSameRuns(wasm, js, `${msg}: idx`, [0]);
  const a = csrParts(buf<Int32Array>(wasm, 3), idx.length),
    e = csrParts(buf<Int32Array>(js, 3), idx.length);
  assert.equal(a[0], e[0], `${msg}: U`);
  for (let i = 1; i < 4; i++) {
    assertBitwise(a[i] as Int32Array, e[i] as Int32Array, `${msg}: part ${i}`);
  }
}

Deno.test("Wasm row_csr matches the JS kernel on every defined part of the block, both specs", () => {
  for (const padded of [false, true]) {
    for (const c of bagCases(91, 4).filter((x) => x.D === 3)) {
      check(c.idx, c.V, c.pad, padded, c.name);
    }
    check(new Int32Array(0), 1, 0, padded, "N = 0");
  }
});

Deno.test("Wasm row_csr sorts rows that need one, two and three radix passes", () => {
  const r = rng(92);
  for (const V of [2048, 2049, 1 << 22, (1 << 22) + 5]) {
    const idx = Int32Array.from(
      { length: 300 },
      (_, j) => (j < 4 ? V - 1 - j : Math.floor(r() * V)),
    );
    idx[10] = idx[20] = idx[30] = idx[3]; // duplicates
    for (const padded of [false, true]) check(idx, V, idx[0], padded, `V=${V} padded=${padded}`);
  }
});
