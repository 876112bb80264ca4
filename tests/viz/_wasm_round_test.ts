/**
 * The Wasm float32 copy of a built 2-D tree's cells against
 * `Float32Array`'s rounding, bit for bit.
 */

import assert from "node:assert/strict";
import { BarnesHutState } from "../../src/viz/_tsne_gradient.ts";
import { arena } from "../../src/memory/arena.ts";

Deno.test("emitRoundCells() rounds the cells as Float32Array does", () => {
  for (const n of [1, 2, 301, 1000]) {
    const s = new BarnesHutState(n, 2), l = s.arena.layout;
    try {
      let a = n;
      const u = () => (a = (a * 16807) % 2147483647) / 2147483647;
      // Values no float32 holds, ties to even, tiny and huge ones.
      for (let i = 0; i < n; i++) {
        s.px[i] = (u() - 0.5) * 10 ** Math.floor(u() * 12 - 6);
        s.py[i] = i % 7 === 3 ? 1 + 2 ** -24 : (u() - 0.5) * 1e-30;
      }
      assert.ok(s.buildTree(), `the tree of ${n} points is shared`);
      const cells = s.arena.cells;
      const cells32 = new Float32Array(arena().memory.buffer, l.cells32, 4 * cells);
      assert.deepEqual([...cells32], [...Float32Array.from(s.arena.packed.subarray(0, 4 * cells))]);
    } finally {
      s.dispose();
    }
  }
});
