/**
 * The Wasm dot products of the nearest-neighbour search against the JS
 * reference (`nearestNeighbors(m, k, false)`): the same sums in the same
 * order, so the same neighbours and the same distance bits.
 */

import assert from "node:assert/strict";
import { nearestNeighbors } from "../../src/viz/_neighbors.ts";
import { interleavePairs, PairDots, quadDotsBytes } from "../../src/viz/_wasm_dots.ts";
import { arena } from "../../src/memory/arena.ts";
import { Storage } from "../../src/memory/storage.ts";

function matrix(rows: number, cols: number) {
  const data = Float64Array.from(
    { length: rows * cols },
    (_, t) => Math.fround(Math.sin(t * 12.9898) * 43758.5453 % 3),
  );
  // A few repeated rows, so ties in distance occur.
  for (let r = 5; r < rows; r += 9) data.copyWithin(r * cols, (r - 5) * cols, (r - 4) * cols);
  return { data, rows, cols };
}

Deno.test("nearestNeighbors() on the Wasm pair dots equals the JS reference (odd and even sizes)", () => {
  for (const [rows, cols, k] of [[101, 100, 12], [64, 7, 5], [9, 3, 8], [2, 1, 1]]) {
    const m = matrix(rows, cols);
    assert.deepEqual(nearestNeighbors(m, k), nearestNeighbors(m, k, false), `${rows} × ${cols}`);
  }
});

Deno.test("PairDots.row() gives row i's dot products with the rows after it", () => {
  const m = matrix(7, 6), dots = new PairDots(m.data, 7, 6);
  for (const i of [0, 3, 4, 6]) {
    dots.row(i);
    for (let r = i + 1; r < 7; r++) {
      let dot = 0;
      for (let j = 0; j < 4; j += 4) {
        const [a, b] = [m.data.subarray(i * 6), m.data.subarray(r * 6)];
        dot += a[j] * b[j] + a[j + 1] * b[j + 1] + a[j + 2] * b[j + 2] + a[j + 3] * b[j + 3];
      }
      for (let j = 4; j < 6; j++) dot += m.data[i * 6 + j] * m.data[r * 6 + j];
      assert.equal(dots.out[r], dot, `row ${i} · row ${r}`);
    }
  }
  dots.dispose();
});

Deno.test("emitQuadDots() gives four rows' dot products with every row, PairDots.row()'s bits", () => {
  for (const [rows, cols] of [[11, 6], [8, 100], [5, 3]]) {
    const m = matrix(rows, cols), padded = 4 * Math.ceil(rows / 4), pairs = (rows + 1) >> 1;
    const block = Storage.alloc(8 * cols * padded + 64 * pairs, "test");
    const memory = arena().memory, inter = block.ptr, out = inter + 8 * cols * padded;
    interleavePairs(m.data, rows, cols, new Float64Array(memory.buffer, inter, cols * padded));
    const module = new WebAssembly.Module(quadDotsBytes() as BufferSource);
    const run = new WebAssembly.Instance(module, { env: { memory } }).exports.run as (
      ...args: number[]
    ) => number;
    const dots = new PairDots(m.data, rows, cols);
    for (let i0 = 0; i0 < rows; i0 += 4) {
      run(inter + 8 * cols * i0, inter, cols, out, 16 * pairs, 0, pairs);
      for (let i = i0; i < Math.min(rows, i0 + 4); i++) {
        const got = new Float64Array(memory.buffer, out + 16 * pairs * (i - i0), rows);
        dots.row(i);
        for (let r = i + 1; r < rows; r++) assert.equal(got[r], dots.out[r], `${i} · ${r}`);
        // The rows before: the same products, so the bits of the pair the other way round.
        for (let r = 0; r < i; r++) {
          dots.row(r);
          assert.equal(got[r], dots.out[i], `${i} · ${r}`);
        }
      }
    }
    dots.dispose();
    block.dispose();
  }
});
