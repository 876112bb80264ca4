/**
 * The int8 copy of a table's unit rows (src/vectors/_int8_table.ts): codes
 * in [-127, 127], zero padding, error bounds that hold (against a float64
 * recomputation) and are not loose, and rows that are always rescored.
 */

import assert from "node:assert/strict";
import { setBackend, shutdownWorkers, tensor } from "../../mod.ts";
import { arena } from "../../src/memory/arena.ts";
import { type Int8Table, quantiseRows } from "../../src/vectors/_int8_table.ts";
import { rng } from "../_numeric.ts";

/** The codes of an int8 copy, as signed bytes (a view of the arena). */
function codesOf(q: Int8Table): Int8Array {
  return new Int8Array(arena().memory.buffer, q.codes.ptr, q.codes.bytes);
}

/** The row scales of an int8 copy (a view of the arena). */
function scalesOf(q: Int8Table): Float32Array {
  return new Float32Array(arena().memory.buffer, q.scales.ptr, q.scales.bytes / 4);
}

/** Runs `check` on the JS and Wasm kernels, inline and on two Workers. */
async function everyBackend(check: () => Promise<void>) {
  try {
    for (const kernels of ["js", "wasm"] as const) {
      setBackend({ kernels, executor: "inline" });
      await check();
      setBackend({ kernels, executor: "workers", workers: 2, inlineBelow: 0 });
      await check();
    }
  } finally {
    setBackend({});
    await shutdownWorkers();
  }
}

Deno.test("quantiseRows() bounds each unit row's quantisation error from above, tightly", async () => {
  const r = rng(3), V = 200, D = 37;
  const w = Float32Array.from({ length: V * D }, (_, i) => {
    const row = (i / D) | 0;
    const x = r() * 2 - 1;
    // Plain rows, one dominant value, huge and tiny norms, a one-hot row.
    if (row % 5 === 1) return (i % D === 0 ? 50 : x) * 1e-15;
    if (row % 5 === 2) return x * 1e25;
    if (row === 3) return i % D === 7 ? 1 : 0;
    return x;
  });
  await everyBackend(async () => {
    const q = await quantiseRows(tensor(w, { shape: [V, D] }), "test");
    assert.equal(q.P, 48);
    const c = codesOf(q), s = scalesOf(q);
    for (let row = 0; row < V; row++) {
      let n = 0, err = 0;
      for (let d = 0; d < D; d++) n += w[row * D + d] ** 2;
      for (let d = 0; d < D; d++) {
        const code = c[row * q.P + d];
        assert.ok(code >= -127 && code <= 127);
        err += (w[row * D + d] / Math.sqrt(n) - s[row] * code) ** 2;
      }
      for (let d = D; d < q.P; d++) assert.equal(c[row * q.P + d], 0);
      assert.ok(
        q.errors[row] >= Math.sqrt(err),
        `row ${row}: ${q.errors[row]} < ${Math.sqrt(err)}`,
      );
      assert.ok(q.errors[row] <= Math.sqrt(err) * 1.0001 + 1e-11, `row ${row} bound is loose`);
      // Rounding to the nearest code: at most half a step per value.
      assert.ok(Math.sqrt(err) <= (s[row] / 2) * Math.sqrt(D) * 1.0001);
    }
    assert.equal(q.bytes, V * 48 + 8 * V);
  });
});

Deno.test("quantiseRows() marks rows of zeros, non-finite values or extreme norms as always rescored", async () => {
  const D = 20, rows = [0, NaN, Infinity, 1e-25, 1e35, 1];
  const w = new Float32Array(rows.length * D);
  rows.forEach((x, r) => w.fill(x, r * D, r * D + D));
  w[3 * D + 4] = 1e-25; // still a tiny norm
  await everyBackend(async () => {
    const q = await quantiseRows(tensor(w, { shape: [rows.length, D] }), "test");
    assert.deepEqual([...q.errors].map((e) => e === Infinity), [
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    assert.deepEqual([...scalesOf(q)].slice(0, 5), [0, 0, 0, 0, 0]);
    assert.ok(codesOf(q).subarray(0, 5 * q.P).every((b) => b === 0));
    assert.ok(codesOf(q).subarray(5 * q.P, 5 * q.P + D).every((b) => b === 127));
  });
});

Deno.test("quantiseRows() covers every row of a table longer than one launch block", async () => {
  const r = rng(8), V = 2 * 8192 + 5, D = 5;
  const w = Float32Array.from({ length: V * D }, () => r() * 2 - 1);
  await everyBackend(async () => {
    const q = await quantiseRows(tensor(w, { shape: [V, D] }), "test");
    const c = codesOf(q), s = scalesOf(q);
    for (let row = 0; row < V; row++) {
      const x = w.subarray(row * D, row * D + D);
      const n = Math.sqrt(x.reduce((a, v) => a + v * v, 0));
      const max = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      assert.equal(s[row], Math.fround((max * (1 / n)) / 127), `row ${row}`);
      const err = Math.sqrt(x.reduce((a, v, d) => a + (v / n - s[row] * c[row * 16 + d]) ** 2, 0));
      assert.ok(q.errors[row] >= err && q.errors[row] <= err * 1.0001 + 1e-11, `row ${row}`);
    }
  });
});
